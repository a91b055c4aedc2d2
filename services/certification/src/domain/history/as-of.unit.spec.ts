import { applicationAsOf, certificateAsOf, isInForceOn } from './as-of';
import { expired, issued, restored, suspended, withdrawn } from '../certificate/certificate.fixtures';
import { refused, reviewedFile } from '../application/application.fixtures';

// Issued 3 Mar 2025, suspended 10 Sep 2025, restored 20 Oct 2025, withdrawn 1 Feb 2026.
const history = [issued(), suspended(), restored(), withdrawn()];

describe('a certificate as of a past date', () => {
  it.each([
    ['2025-03-02', 'not-issued'],
    ['2025-03-03', 'active'],
    ['2025-06-15', 'active'],
    ['2025-09-09', 'active'],
    ['2025-09-10', 'suspended'],
    ['2025-10-01', 'suspended'],
    ['2025-10-20', 'active'],
    ['2026-01-31', 'active'],
    ['2026-02-01', 'withdrawn'],
    ['2030-01-01', 'withdrawn'],
  ])('on %s it was %s', (day, status) => {
    expect(certificateAsOf(history, day).status).toBe(status);
  });

  it('an instant is honoured to the millisecond', () => {
    expect(certificateAsOf(history, '2025-09-10T07:59:59.999Z').status).toBe('active');
    expect(certificateAsOf(history, '2025-09-10T08:00:00.000Z').status).toBe('suspended');
  });

  it('an instant with a time-zone offset is read in UTC', () => {
    expect(certificateAsOf(history, '2025-09-10T09:30:00+02:00').status).toBe('active');
  });

  it('keeps the reason and the time of the suspension while it lasted', () => {
    expect(certificateAsOf(history, '2025-10-01')).toMatchObject({
      statusReason: 'raw materials bought outside the region',
      statusSince: '2025-09-10T08:00:00.000Z',
    });
  });

  it('knows whether the brand could be shown on each day', () => {
    expect(['2025-03-02', '2025-05-01', '2025-09-15', '2025-11-01', '2026-02-01'].map((d) => isInForceOn(history, d))).toEqual([
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it('a certificate past its validity is not in force even before the scheduler recorded the expiry', () => {
    expect(isInForceOn([issued()], '2028-03-02')).toBe(true);
    expect(isInForceOn([issued()], '2028-03-03')).toBe(false);
    expect(certificateAsOf([issued(), expired()], '2028-03-04').status).toBe('expired');
  });
});

describe('an application as of a past date', () => {
  const file = [...reviewedFile(), refused];

  it('shows the file under assessment before the review, and refused after the decision', () => {
    expect(applicationAsOf(file, '2025-01-20').status).toBe('complete');
    expect(applicationAsOf(file, '2025-02-10').status).toBe('reviewed');
    expect(applicationAsOf(file, '2025-03-03').decision?.reasons).toEqual(['waste management below threshold']);
  });

  it('shows which experts had scored by a date', () => {
    expect(applicationAsOf(file, '2025-01-31').experts.filter((e) => e.scores).length).toBe(0);
    expect(applicationAsOf(file, '2025-02-03').experts.filter((e) => e.scores).length).toBe(2);
  });
});
