// UTC calendar arithmetic for the RTC, without the host's Date (the engine may not touch host
// time; this is pure arithmetic on the proleptic Gregorian calendar, days counted from
// 1970-01-01 using 400-year eras of 146097 days).

export interface Civil { year: number; month: number; day: number; hour: number; minute: number; second: number; millis: number }

const DAY_MS = 86_400_000;

export function civilFromMillis(ms: number): Civil {
  const days = Math.floor(ms / DAY_MS);
  let rem = ms - days * DAY_MS;
  const z = days + 719468; // shift the epoch to 0000-03-01
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rem / 3_600_000); rem -= hour * 3_600_000;
  const minute = Math.floor(rem / 60_000); rem -= minute * 60_000;
  const second = Math.floor(rem / 1000);
  return { year, month, day, hour, minute, second, millis: rem - second * 1000 };
}

export function millisFromCivil(c: Omit<Civil, 'millis'> & { millis?: number }): number {
  const y = c.year - (c.month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = c.month > 2 ? c.month - 3 : c.month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + c.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * DAY_MS + c.hour * 3_600_000 + c.minute * 60_000 + c.second * 1000 + (c.millis ?? 0);
}
