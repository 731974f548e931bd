import { z } from 'zod'
import { checkbox, japaneseNumber } from '~/utils/form-fields'

/*
 * The survey's settings form (docs/decisions/0047-surveys.md), shared by the browser and the
 * server. The participant's form is answer-form.ts (its messages are public strings).
 */

export const SURVEY_TIMINGS = ['AFTER_LAST_SESSION', 'AFTER_EACH_SESSION'] as const
export type SurveyTimingName = (typeof SURVEY_TIMINGS)[number]

/** The ranges the settings take: a week to send, a month to remind, three months open. */
export const SEND_AFTER_HOURS_MAX = 168
export const REMINDER_DAYS_MAX = 30
export const OPEN_DAYS_MAX = 90

/** A whole number within a range; empty says 「入力してください。」. */
const wholeNumber = (min: number, max: number, message: string) =>
  japaneseNumber({ integer: true, min, max, message }).refine((v) => v !== null, 'required') as z.ZodType<
    number,
    z.ZodTypeDef,
    string | undefined
  >

export const surveySettingsSchema = z
  .object({
    enabled: checkbox,
    timing: z.enum(SURVEY_TIMINGS, { message: 'invalidChoice' }),
    anonymous: checkbox,
    sendAfterHours: wholeNumber(0, SEND_AFTER_HOURS_MAX, 'surveySendAfterHours'),
    reminderAfterDays: wholeNumber(0, REMINDER_DAYS_MAX, 'surveyReminderDays'),
    openDays: wholeNumber(1, OPEN_DAYS_MAX, 'surveyOpenDays'),
  })
  // A reminder on or after the day the survey closes would point to a closed form.
  .refine((v) => v.reminderAfterDays === 0 || v.reminderAfterDays < v.openDays, {
    path: ['reminderAfterDays'],
    message: 'surveyReminderAfterClose',
  })

export type SurveySettings = z.output<typeof surveySettingsSchema>
