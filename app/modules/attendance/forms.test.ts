import { describe, expect, it } from 'vitest'
import {
  AttendanceSheetSchema,
  DoorSearchSchema,
  ImportSearchSchema,
  SavedSheetSearchSchema,
  savedSheetSearch,
  searchOf,
} from './forms'

describe('the attendance pages’ addresses and forms', () => {
  it('reads back the address written after saving a sheet, listing at most 50 names', () => {
    const changedMeanwhile = Array.from({ length: 60 }, (_, i) => ({ registrationId: `r${i}` }))
    const query = savedSheetSearch({ added: 2, removed: 1, changedMeanwhile })
    expect(query.get('msg')).toBe('attendance.saved')
    const read = searchOf(`http://x/console/sessions/s/attendance?${query}`, SavedSheetSearchSchema)
    expect(read.changed).toHaveLength(50)
    expect(read.changed[0]).toBe('r0')
    expect(read.changedCount).toBe(60)
    // Nothing changed meanwhile: nothing to list.
    expect(savedSheetSearch({ added: 0, removed: 0, changedMeanwhile: [] }).has('changed')).toBe(false)
    expect(searchOf('http://x/?changedCount=abc', SavedSheetSearchSchema)).toEqual({ changed: [], changedCount: 0 })
  })

  it('reads the door’s search and the import’s preview from the address', () => {
    expect(searchOf('http://x/?q=%20%E5%B1%B1%E7%94%B0%20', DoorSearchSchema)).toBe('山田')
    expect(searchOf('http://x/', DoorSearchSchema)).toBe('')
    expect(searchOf('http://x/?import=abc', ImportSearchSchema)).toBe('abc')
    expect(searchOf('http://x/?import=', ImportSearchSchema)).toBeNull()
  })

  it('keeps only the sheet rows written as the page writes them', () => {
    const sheet = AttendanceSheetSchema.parse({ attended: ['r1'], shown: ['r1:', 'r2:a2', 'bad row', 'r3:x:y'] })
    expect(sheet).toEqual({
      attended: ['r1'],
      shown: [
        { registrationId: 'r1', attendanceId: null },
        { registrationId: 'r2', attendanceId: 'a2' },
      ],
    })
  })
})
