namespace Mekong.Modules.PublicServices.Domain;

/// <summary>
/// Working days for the legal processing time (<i>thời hạn giải quyết</i>): Monday to Friday, less the public holidays of
/// the year (<i>ngày nghỉ lễ, Tết</i>, with the compensating days off the government announces), plus the Saturdays it
/// declares working days in exchange (<i>ngày làm bù</i>). A year nobody configured falls back to weekends and the four
/// fixed solar-calendar holidays (1/1, 30/4, 1/5, 2/9): Tết and the Hùng Kings' day follow the lunar calendar and are
/// announced each year, so they are configured (<see cref="PublicServicesCalendarDefaults"/>).
/// </summary>
internal sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpDays;
    private readonly HashSet<int> _configuredYears;

    public WorkingCalendar(IEnumerable<HolidayYear> years)
    {
        var list = years.ToList();
        _configuredYears = list.Select(y => y.Year).ToHashSet();
        _holidays = list.SelectMany(y => y.Holidays).ToHashSet();
        _makeUpDays = list.SelectMany(y => y.MakeUpDays).ToHashSet();
    }

    /// <summary>The calendar with the built-in years only.</summary>
    public static WorkingCalendar Default { get; } = new(PublicServicesCalendarDefaults.Years);

    public bool IsConfigured(int year) => _configuredYears.Contains(year);

    public bool IsHoliday(DateOnly day) =>
        _configuredYears.Contains(day.Year) ? _holidays.Contains(day) : FixedHoliday(day);

    public bool IsWorkingDay(DateOnly day)
    {
        if (_makeUpDays.Contains(day))
        {
            return true;
        }

        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day);
    }

    /// <summary>
    /// The due date of something received on <paramref name="start"/> with <paramref name="workingDays"/> working days:
    /// the day of receipt does not count, the last working day does (received Friday with 1 day: due Monday). Zero
    /// days: due the day received (the next working day when received on a day off).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        if (workingDays == 0)
        {
            while (!IsWorkingDay(day))
            {
                day = day.AddDays(1);
            }

            return day;
        }

        var left = workingDays;
        while (left > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                left--;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not later).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The due date after the clock stood still from <paramref name="pausedOn"/> to <paramref name="resumedOn"/> (a
    /// supplement request, <i>yêu cầu bổ sung</i>): moved on by the working days of the pause.
    /// </summary>
    public DateOnly Extend(DateOnly due, DateOnly pausedOn, DateOnly resumedOn)
    {
        var paused = WorkingDaysBetween(pausedOn, resumedOn);
        return paused == 0 ? due : AddWorkingDays(due, paused);
    }

    private static bool FixedHoliday(DateOnly day) =>
        (day.Month, day.Day) is (1, 1) or (4, 30) or (5, 1) or (9, 2);
}

/// <summary>One year's days off and make-up working days, as the government announced them.</summary>
internal sealed record HolidayYear(int Year, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> MakeUpDays);

/// <summary>
/// The years Mekong knows out of the box (the demo's), from the Labour Code 2019 art. 112 and the annual notices of the
/// Ministry of Home Affairs for civil servants. Only working days that are days off are listed (a holiday on a weekend
/// shows as its compensating day). 2027 is provisional until announced. Settings replace a year (docs/operations.md).
/// </summary>
internal static class PublicServicesCalendarDefaults
{
    public static IReadOnlyList<HolidayYear> Years { get; } =
    [
        new(2025,
        [
            D(2025, 1, 1),
            // Tết Ất Tỵ: 25/1 to 2/2.
            D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31),
            D(2025, 4, 7), // Giỗ Tổ Hùng Vương (10/3 âm lịch)
            D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), // 30/4–1/5, 2/5 swapped for Saturday 26/4
            D(2025, 9, 1), D(2025, 9, 2), // Quốc khánh
        ], [D(2025, 4, 26)]),
        new(2026,
        [
            D(2026, 1, 1),
            // Tết Bính Ngọ: 14/2 to 22/2.
            D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
            D(2026, 4, 27), // Giỗ Tổ Hùng Vương falls on Sunday 26/4: Monday off
            D(2026, 4, 30), D(2026, 5, 1),
            D(2026, 9, 1), D(2026, 9, 2),
        ], []),
        new(2027,
        [
            D(2027, 1, 1),
            // Tết Đinh Mùi (provisional): 5/2 to 11/2.
            D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10), D(2027, 2, 11),
            D(2027, 4, 16), // Giỗ Tổ Hùng Vương
            D(2027, 4, 30), D(2027, 5, 3), // 1/5 is a Saturday: Monday off
            D(2027, 9, 2), D(2027, 9, 3),
        ], []),
    ];

    private static DateOnly D(int year, int month, int day) => new(year, month, day);
}
