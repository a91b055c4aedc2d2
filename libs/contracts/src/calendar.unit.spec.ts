import { validateSync } from 'class-validator';
import { CertificateAsOfDto } from './certification/dto';
import { isCalendarDateTime } from './calendar';

describe('dates and instants that exist on the calendar', () => {
  it.each(['2026-12-02', '2028-02-29', '2026-01-31', '2026-12-02T23:59Z', '2026-12-02T10:00:59.999+02:00', '2026-06-30T00:00:00-12:00'])('%s exists', (text) => {
    expect(isCalendarDateTime(text)).toBe(true);
  });

  it.each(['2026-13-45', '2026-00-10', '2026-02-29', '2026-02-30', '2026-04-31', '2026-12-00', '2026-12-02T24:00Z', '2026-12-02T25:00Z', '2026-12-02T23:60Z', '2026-12-02T23:59:60Z', '2026-12-02T10:00+25:00', '2026-12-02T10:00+02:60', 'yesterday', 7])('%s does not', (text) => {
    expect(isCalendarDateTime(text)).toBe(false);
  });

  it('a field gets one reason: the pattern for a text of another form, the calendar for a day that does not exist', () => {
    const reasons = (when: string) => validateSync(Object.assign(new CertificateAsOfDto(), { certificateNumber: 'MIB-2026-000001', when })).flatMap((e) => Object.values(e.constraints ?? {}));
    expect(reasons('2026-03-14')).toEqual([]);
    expect(reasons('2026-13-45')).toEqual(['when must be a day (and time) that exists on the calendar']);
    expect(reasons('2026-02-30')).toEqual(['when must be a day (and time) that exists on the calendar']);
    expect(reasons('soon')).toEqual(['when must be YYYY-MM-DD or an ISO 8601 instant']);
  });
});
