/**
 * The programme's calendar day (Europe/Bucharest, as the services count days) `offset` days from
 * now, as YYYY-MM-DD. A day taken from UTC is yesterday in Bucharest's evening hours (22:00–24:00
 * UTC in winter): an event "ending today" had then already ended for the services.
 */
export function programmeDay(offset = 0, timeZone = process.env.PROGRAMME_TIME_ZONE ?? 'Europe/Bucharest'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offset * 86_400_000));
}
