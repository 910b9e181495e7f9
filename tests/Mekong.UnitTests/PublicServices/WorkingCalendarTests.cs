using Mekong.Modules.PublicServices;
using Mekong.Modules.PublicServices.Domain;

namespace Mekong.UnitTests.PublicServices;

/// <summary>The working calendar of the legal processing time: weekends, Vietnam's holidays per year, make-up days, pauses.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(2026, 12, 5)] // Saturday
    [InlineData(2026, 12, 6)] // Sunday
    [InlineData(2026, 1, 1)] // Tết Dương lịch
    [InlineData(2026, 2, 16)] // Tết Bính Ngọ
    [InlineData(2026, 2, 20)]
    [InlineData(2026, 4, 27)] // Giỗ Tổ on a Sunday: Monday off
    [InlineData(2026, 4, 30)]
    [InlineData(2026, 5, 1)]
    [InlineData(2026, 9, 2)]
    [InlineData(2025, 1, 29)] // Tết Ất Tỵ
    [InlineData(2025, 5, 2)] // swapped for Saturday 26/4/2025
    public void Weekends_and_holidays_are_days_off(int y, int m, int d) => Assert.False(Calendar.IsWorkingDay(D(y, m, d)));

    [Theory]
    [InlineData(2026, 12, 1)]
    [InlineData(2026, 2, 13)] // the Friday before Tết
    [InlineData(2026, 2, 23)] // back after Tết
    [InlineData(2025, 4, 26)] // a Saturday declared a working day
    public void Other_days_are_working_days(int y, int m, int d) => Assert.True(Calendar.IsWorkingDay(D(y, m, d)));

    [Fact]
    public void The_day_of_receipt_does_not_count_and_weekends_are_skipped()
    {
        // Tuesday 1/12/2026 + 3 working days = Friday 4/12; + 5 = Tuesday 8/12.
        Assert.Equal(D(2026, 12, 4), Calendar.AddWorkingDays(D(2026, 12, 1), 3));
        Assert.Equal(D(2026, 12, 8), Calendar.AddWorkingDays(D(2026, 12, 1), 5));
        // Received Friday with one day: Monday.
        Assert.Equal(D(2026, 12, 7), Calendar.AddWorkingDays(D(2026, 12, 4), 1));
        // Received on a Saturday: the Monday is the first day.
        Assert.Equal(D(2026, 12, 7), Calendar.AddWorkingDays(D(2026, 12, 5), 1));
    }

    [Fact]
    public void Zero_days_is_the_same_working_day_or_the_next_one()
    {
        Assert.Equal(D(2026, 12, 1), Calendar.AddWorkingDays(D(2026, 12, 1), 0));
        Assert.Equal(D(2026, 12, 7), Calendar.AddWorkingDays(D(2026, 12, 5), 0));
        Assert.Equal(D(2026, 2, 23), Calendar.AddWorkingDays(D(2026, 2, 16), 0));
    }

    [Fact]
    public void Tet_stretches_a_due_date_by_its_working_days()
    {
        // Received Thursday 12/2/2026, 3 working days: Friday 13, then Tết (14-22/2), Monday 23, Tuesday 24.
        Assert.Equal(D(2026, 2, 24), Calendar.AddWorkingDays(D(2026, 2, 12), 3));
        // 15 working days from 2/2/2026 cross Tết: 3-6 (4), 9-13 (5), 23-27 (5), 2/3 (1).
        Assert.Equal(D(2026, 3, 2), Calendar.AddWorkingDays(D(2026, 2, 2), 15));
    }

    [Fact]
    public void A_make_up_saturday_counts()
    {
        // Friday 25/4/2025 + 1: Saturday 26/4 was declared a working day.
        Assert.Equal(D(2025, 4, 26), Calendar.AddWorkingDays(D(2025, 4, 25), 1));
        // From Saturday 26/4/2025, 2 days: 28/4 (Mon), 29/4 (Tue); then 30/4-4/5 off, Monday 5/5.
        Assert.Equal(D(2025, 4, 29), Calendar.AddWorkingDays(D(2025, 4, 26), 2));
        Assert.Equal(D(2025, 5, 5), Calendar.AddWorkingDays(D(2025, 4, 26), 3));
    }

    [Fact]
    public void Working_days_between_counts_after_the_first_up_to_the_last()
    {
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 12, 1), D(2026, 12, 1)));
        Assert.Equal(1, Calendar.WorkingDaysBetween(D(2026, 12, 1), D(2026, 12, 2)));
        Assert.Equal(5, Calendar.WorkingDaysBetween(D(2026, 12, 4), D(2026, 12, 11)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 12, 11), D(2026, 12, 4)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 2, 13), D(2026, 2, 22)));
    }

    [Fact]
    public void A_pause_moves_the_due_date_by_its_working_days()
    {
        var due = D(2026, 12, 10); // Thursday
        // Paused Monday 7/12, resumed Wednesday 9/12: 8 and 9 lost, due Monday 14/12.
        Assert.Equal(D(2026, 12, 14), Calendar.Extend(due, D(2026, 12, 7), D(2026, 12, 9)));
        // A pause over a weekend only: nothing lost.
        Assert.Equal(due, Calendar.Extend(due, D(2026, 12, 4), D(2026, 12, 6)));
        // Resumed the same day: nothing lost.
        Assert.Equal(due, Calendar.Extend(due, D(2026, 12, 7), D(2026, 12, 7)));
    }

    [Fact]
    public void A_year_nobody_configured_keeps_weekends_and_the_fixed_holidays()
    {
        Assert.False(Calendar.IsConfigured(2031));
        Assert.False(Calendar.IsWorkingDay(D(2031, 9, 2)));
        Assert.False(Calendar.IsWorkingDay(D(2031, 1, 1)));
        Assert.True(Calendar.IsWorkingDay(D(2031, 1, 2)));
    }

    [Fact]
    public void Settings_replace_a_year_and_bad_dates_are_named()
    {
        var options = new PublicServicesOptions();
        options.Calendar["2026"] = new CalendarYearOptions { Holidays = ["2026-12-01"], MakeUpDays = ["2026-12-05"] };
        var calendar = options.BuildCalendar();
        Assert.False(calendar.IsWorkingDay(D(2026, 12, 1)));
        Assert.True(calendar.IsWorkingDay(D(2026, 12, 5)));
        // The whole year is replaced: the built-in Tết is gone from 2026, 2025 stays.
        Assert.True(calendar.IsWorkingDay(D(2026, 2, 16)));
        Assert.False(calendar.IsWorkingDay(D(2025, 1, 29)));

        options.Calendar["2027"] = new CalendarYearOptions { Holidays = ["2026-02-30", "bad"] };
        options.Calendar["year"] = new CalendarYearOptions();
        var result = new PublicServicesOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Mekong:PublicServices:Calendar:2027:Holidays:0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mekong:PublicServices:Calendar:2027:Holidays:1", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mekong:PublicServices:Calendar:year", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_days_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D(2026, 12, 1), -1));
}
