-- AlterEnum
ALTER TYPE "AttendanceSource" ADD VALUE 'MANUAL' AFTER 'QR';

