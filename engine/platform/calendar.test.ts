import { describe, expect, test } from 'vitest';
import { civilFromMillis, millisFromCivil } from './calendar.js';

describe('calendar', () => {
  // Anchors computed by hand / well-known epochs.
  test('epoch', () => {
    expect(civilFromMillis(0)).toEqual({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, millis: 0 });
  });
  test('2000-02-29 12:34:56.789 (leap day of a 400-year leap year) = 951827696789 ms', () => {
    expect(civilFromMillis(951_827_696_789)).toEqual({ year: 2000, month: 2, day: 29, hour: 12, minute: 34, second: 56, millis: 789 });
    expect(millisFromCivil({ year: 2000, month: 2, day: 29, hour: 12, minute: 34, second: 56, millis: 789 })).toBe(951_827_696_789);
  });
  test('1900-03-01 (1900 is not a leap year) is -2203891200000 ms', () => {
    expect(millisFromCivil({ year: 1900, month: 3, day: 1, hour: 0, minute: 0, second: 0 })).toBe(-2_203_891_200_000);
  });
  test('agrees with the host calendar over a spread of instants', () => {
    for (let ms = -5e12; ms < 5e12; ms += 7.77e9 + 12345) {
      const d = new Date(ms);
      const c = civilFromMillis(ms);
      expect([c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis]).toEqual(
        [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]);
      expect(millisFromCivil(c)).toBe(ms);
    }
  });
});
