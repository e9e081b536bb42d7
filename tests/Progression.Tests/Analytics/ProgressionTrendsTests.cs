using Progression.Domain.Analytics;
using static Progression.Tests.Analytics.AnalyticsFacts;

namespace Progression.Tests.Analytics;

public class ProgressionTrendsTests
{
    private static readonly Domain.Catalogue.Instrument Instrument = TheCatalogue.FindInstrument(AdultInstrument)!;

    // Scores are (mastery, search, everyday). Month since start and quarter of each measurement in the comments.
    private static readonly CaseFacts[] Cases =
    [
        Case(1, "adult", D(2026, 1, 15),
            Adult(1, D(2026, 1, 15), 2, 4, 6), // month 0, 2026-Q1
            Adult(2, D(2026, 4, 13), 4, 5, 6), // 2 months 29 days: month 2, 2026-Q2
            Measured(3, YouthInstrument, D(2026, 5, 1), ("education", 1m)), // another instrument: ignored
            Adult(4, D(2026, 7, 15), 7, 5, 8)), // month 6, 2026-Q3
        Case(2, "adult", D(2026, 2, 1),
            Adult(1, D(2026, 2, 20), 4, 2, 5), // month 0, 2026-Q1
            Adult(2, D(2026, 8, 1), 5, 6, 5), // month 6, 2026-Q3
            Adult(3, D(2027, 2, 1), 6, 6, 6)), // month 12, 2027-Q1
        Case(3, "adult", D(2026, 3, 10),
            Adult(1, D(2026, 3, 10), 3, 3, 3), // month 0, 2026-Q1
            Adult(2, D(2026, 3, 25), 8, 3, 4)), // month 0 again: counts twice there; 2026-Q1
        Case(4, "youth", D(2026, 1, 1),
            Measured(1, YouthInstrument, D(2026, 1, 1), ("education", 5m))),
    ];

    [Fact]
    public void Months_since_start_gives_the_spread_per_period_and_dimension_in_order()
    {
        var report = ProgressionTrends.Of(Cases, Instrument, ProgressionPeriod.MonthsSinceStart);

        Assert.Equal(AdultInstrument, report.Instrument);
        Assert.Equal(
            [
                // Month 0: mastery 2, 4, 3, 8 → sorted 2 3 4 8; search 4, 2, 3, 3 → 2 3 3 4; everyday 6, 5, 3, 4 → 3 4 5 6.
                new ProgressionPeriodStats("0", Mastery, 4, 4.25m, 3.5m, 2.75m, 5m),
                new ProgressionPeriodStats("0", Search, 4, 3m, 3m, 2.75m, 3.25m),
                new ProgressionPeriodStats("0", Everyday, 4, 4.5m, 4.5m, 3.75m, 5.25m),
                // Month 2: one measurement.
                new ProgressionPeriodStats("2", Mastery, 1, 4m, 4m, 4m, 4m),
                new ProgressionPeriodStats("2", Search, 1, 5m, 5m, 5m, 5m),
                new ProgressionPeriodStats("2", Everyday, 1, 6m, 6m, 6m, 6m),
                // Month 6: mastery 7, 5; search 5, 6; everyday 8, 5.
                new ProgressionPeriodStats("6", Mastery, 2, 6m, 6m, 5.5m, 6.5m),
                new ProgressionPeriodStats("6", Search, 2, 5.5m, 5.5m, 5.25m, 5.75m),
                new ProgressionPeriodStats("6", Everyday, 2, 6.5m, 6.5m, 5.75m, 7.25m),
                // Month 12 after month 6 (numerically, not as text).
                new ProgressionPeriodStats("12", Mastery, 1, 6m, 6m, 6m, 6m),
                new ProgressionPeriodStats("12", Search, 1, 6m, 6m, 6m, 6m),
                new ProgressionPeriodStats("12", Everyday, 1, 6m, 6m, 6m, 6m),
            ],
            report.Periods);
    }

    [Fact]
    public void Calendar_quarters_group_the_same_measurements_by_date()
    {
        var report = ProgressionTrends.Of(Cases, Instrument, ProgressionPeriod.CalendarQuarter);

        Assert.Equal(
            [
                // 2026-Q1 holds exactly month 0's measurements, 2026-Q3 month 6's.
                new ProgressionPeriodStats("2026-Q1", Mastery, 4, 4.25m, 3.5m, 2.75m, 5m),
                new ProgressionPeriodStats("2026-Q1", Search, 4, 3m, 3m, 2.75m, 3.25m),
                new ProgressionPeriodStats("2026-Q1", Everyday, 4, 4.5m, 4.5m, 3.75m, 5.25m),
                new ProgressionPeriodStats("2026-Q2", Mastery, 1, 4m, 4m, 4m, 4m),
                new ProgressionPeriodStats("2026-Q2", Search, 1, 5m, 5m, 5m, 5m),
                new ProgressionPeriodStats("2026-Q2", Everyday, 1, 6m, 6m, 6m, 6m),
                new ProgressionPeriodStats("2026-Q3", Mastery, 2, 6m, 6m, 5.5m, 6.5m),
                new ProgressionPeriodStats("2026-Q3", Search, 2, 5.5m, 5.5m, 5.25m, 5.75m),
                new ProgressionPeriodStats("2026-Q3", Everyday, 2, 6.5m, 6.5m, 5.75m, 7.25m),
                new ProgressionPeriodStats("2027-Q1", Mastery, 1, 6m, 6m, 6m, 6m),
                new ProgressionPeriodStats("2027-Q1", Search, 1, 6m, 6m, 6m, 6m),
                new ProgressionPeriodStats("2027-Q1", Everyday, 1, 6m, 6m, 6m, 6m),
            ],
            report.Periods);
    }

    [Fact]
    public void Change_compares_first_and_latest_measurement_of_cases_measured_twice()
    {
        var report = ProgressionTrends.Of(Cases, Instrument, ProgressionPeriod.MonthsSinceStart);

        // First → latest: case 1 (2,4,6) → (7,5,8); case 2 (4,2,5) → (6,6,6); case 3 (3,3,3) → (8,3,4).
        Assert.Equal(
            [
                // Firsts 2, 4, 3; latests 7, 6, 8; changes 5, 2, 5.
                new DimensionChange(Mastery, 3, 3m, 7m, 4m),
                // Firsts 4, 2, 3; latests 5, 6, 3 (14/3); changes 1, 4, 0 (5/3).
                new DimensionChange(Search, 3, 3m, 4.67m, 1.67m),
                // Firsts 6, 5, 3 (14/3); latests 8, 6, 4; changes 2, 1, 1 (4/3).
                new DimensionChange(Everyday, 3, 4.67m, 6m, 1.33m),
            ],
            report.Changes);
    }

    [Fact]
    public void Figures_are_rounded_to_two_decimals_halves_away_from_zero()
    {
        var cases = new[]
        {
            Case(1, "adult", D(2026, 1, 1), Adult(1, D(2026, 1, 1), 1m, 1m, 1m)),
            Case(2, "adult", D(2026, 1, 1), Adult(1, D(2026, 1, 1), 1.5m, 1m, 1m)),
            Case(3, "adult", D(2026, 1, 1), Measured(1, AdultInstrument, D(2026, 1, 1), (Everyday, 2m))),
        };

        var report = ProgressionTrends.Of(cases, Instrument, ProgressionPeriod.MonthsSinceStart);

        Assert.Equal(
            [
                // 1, 1.5: quartiles 1.125 and 1.375 round up (banker's rounding would give 1.12 and 1.38).
                new ProgressionPeriodStats("0", Mastery, 2, 1.25m, 1.25m, 1.13m, 1.38m),
                // Case 3 did not score search skills.
                new ProgressionPeriodStats("0", Search, 2, 1m, 1m, 1m, 1m),
                // 1, 1, 2: mean 4/3; h = 0.5, 1, 1.5.
                new ProgressionPeriodStats("0", Everyday, 3, 1.33m, 1m, 1m, 1.5m),
            ],
            report.Periods);
        Assert.Empty(report.Changes);
    }

    [Theory]
    [InlineData("2026-01-15T10:00:00Z", "2026-04-13T10:00:00Z", "2")] // 2 months 29 days
    [InlineData("2026-01-15T10:00:00Z", "2026-04-15T09:59:00Z", "2")] // a minute short of 3 months
    [InlineData("2026-01-15T10:00:00Z", "2026-04-15T10:00:00Z", "3")]
    [InlineData("2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "1")] // a month from the 31st ends on February's last day
    [InlineData("2026-01-31T12:00:00Z", "2026-02-28T11:59:00Z", "0")]
    [InlineData("2026-01-15T10:00:00Z", "2027-01-15T10:00:00Z", "12")]
    // Reckoned in UTC, like quarters: 28 Feb 23:30 → 31 Mar 21:45 is a whole month (on Danish clocks, 1 Mar → 31 Mar, it is not).
    [InlineData("2026-03-01T00:30:00+01:00", "2026-03-31T23:45:00+02:00", "1")]
    public void A_period_since_start_is_the_whole_months_passed(string openedAt, string measuredAt, string period)
    {
        var facts = Case(1, "adult", DateTimeOffset.Parse(openedAt), Adult(1, DateTimeOffset.Parse(measuredAt), 5, 5, 5));

        var report = ProgressionTrends.Of([facts], Instrument, ProgressionPeriod.MonthsSinceStart);

        Assert.Equal([period, period, period], report.Periods.Select(p => p.Period));
    }

    [Theory]
    [InlineData("2026-03-31T23:59:59Z", "2026-Q1")]
    [InlineData("2026-04-01T00:00:00Z", "2026-Q2")]
    [InlineData("2026-04-01T00:30:00+02:00", "2026-Q1")] // 31 March 22:30 UTC
    [InlineData("2026-12-31T23:30:00-02:00", "2027-Q1")] // 1 January 01:30 UTC
    [InlineData("2026-10-01T00:00:00Z", "2026-Q4")]
    public void A_quarter_is_the_measurement_s_quarter_in_UTC(string measuredAt, string period)
    {
        var facts = Case(1, "adult", D(2026, 1, 1), Adult(1, DateTimeOffset.Parse(measuredAt), 5, 5, 5));

        var report = ProgressionTrends.Of([facts], Instrument, ProgressionPeriod.CalendarQuarter);

        Assert.Equal([period, period, period], report.Periods.Select(p => p.Period));
    }

    [Fact]
    public void Every_version_of_the_instrument_counts()
    {
        var facts = Case(1, "adult", D(2026, 1, 1),
            Adult(1, D(2026, 1, 1), 2, 2, 2),
            Adult(2, D(2026, 2, 1), 4, 4, 4) with { InstrumentVersion = 2 });

        var report = ProgressionTrends.Of([facts], Instrument, ProgressionPeriod.MonthsSinceStart);

        Assert.Equal(["0", "0", "0", "1", "1", "1"], report.Periods.Select(p => p.Period));
        Assert.Equal(new DimensionChange(Mastery, 1, 2m, 4m, 2m), report.Changes[0]);
    }

    [Fact]
    public void A_dimension_scored_only_once_of_first_and_latest_has_no_change()
    {
        var facts = Case(1, "adult", D(2026, 1, 1),
            Measured(1, AdultInstrument, D(2026, 1, 1), (Mastery, 2m), (Search, 3m)),
            Measured(2, AdultInstrument, D(2026, 3, 1), (Mastery, 5m), (Everyday, 6m)));

        var report = ProgressionTrends.Of([facts], Instrument, ProgressionPeriod.MonthsSinceStart);

        Assert.Equal([new DimensionChange(Mastery, 1, 2m, 5m, 3m)], report.Changes);
        Assert.Equal([("0", Mastery), ("0", Search), ("2", Mastery), ("2", Everyday)],
            report.Periods.Select(p => (p.Period, p.Dimension)));
    }

    [Fact]
    public void A_late_registration_of_an_older_measurement_takes_its_place_in_time()
    {
        // Registered last, but taken first: it is the case's first measurement, not its latest.
        var facts = Case(1, "adult", D(2026, 1, 1),
            Adult(1, D(2026, 3, 1), 6, 6, 6),
            Adult(2, D(2026, 1, 10), 3, 3, 3));

        var report = ProgressionTrends.Of([facts], Instrument, ProgressionPeriod.MonthsSinceStart);

        Assert.Equal(new DimensionChange(Mastery, 1, 3m, 6m, 3m), report.Changes[0]);
        Assert.Equal(["0", "0", "0", "2", "2", "2"], report.Periods.Select(p => p.Period));
    }

    [Fact]
    public void No_measurements_an_empty_report()
    {
        var report = ProgressionTrends.Of([Case(1, "adult", D(2026, 1, 1))], Instrument, ProgressionPeriod.CalendarQuarter);

        Assert.Equal(AdultInstrument, report.Instrument);
        Assert.Empty(report.Periods);
        Assert.Empty(report.Changes);
    }
}
