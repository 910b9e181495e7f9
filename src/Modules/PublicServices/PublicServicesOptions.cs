using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Mekong.Modules.PublicServices.Domain;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.PublicServices;

/// <summary><c>Mekong:PublicServices</c>: the one-stop desk and the working calendar.</summary>
internal sealed class PublicServicesOptions
{
    public const string Section = "Mekong:PublicServices";

    /// <summary>The department (Access) whose officers are the one-stop desk (<i>bộ phận một cửa</i>) that receives and returns dossiers.</summary>
    [Required(ErrorMessage = "Mekong:PublicServices:OneStopDesk names the department of the one-stop desk.")]
    [RegularExpression("^[A-Za-z0-9._-]{1,32}$", ErrorMessage = "Mekong:PublicServices:OneStopDesk is a department code.")]
    public string OneStopDesk { get; set; } = "TTPVHCC";

    /// <summary>
    /// Years of the working calendar, replacing the built-in ones: <c>Calendar:2026:Holidays:0 = 2026-01-01</c>,
    /// <c>Calendar:2026:MakeUpDays:0 = 2026-…</c> (Saturdays declared working days).
    /// </summary>
    public Dictionary<string, CalendarYearOptions> Calendar { get; set; } = [];

    /// <summary>
    /// How far a payment gateway's signed timestamp may be from our clock (ADR 0042): an older (or later) callback is
    /// refused, so a captured one cannot be replayed later. Between 30 seconds and one hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00", ErrorMessage = "Mekong:PublicServices:PaymentCallbackTolerance is between 00:00:30 and 01:00:00.")]
    public TimeSpan PaymentCallbackTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public WorkingCalendar BuildCalendar()
    {
        var years = PublicServicesCalendarDefaults.Years.ToDictionary(y => y.Year);
        foreach (var (key, year) in Calendar)
        {
            var number = int.Parse(key, CultureInfo.InvariantCulture);
            years[number] = new HolidayYear(number, year.Holidays.Select(Parse).ToList(), year.MakeUpDays.Select(Parse).ToList());
        }

        return new WorkingCalendar(years.Values);
    }

    internal static DateOnly Parse(string text) => DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed class CalendarYearOptions
{
    public List<string> Holidays { get; set; } = [];

    public List<string> MakeUpDays { get; set; } = [];
}

/// <summary>A calendar setting that is not a year of yyyy-MM-dd dates of that year stops the start with the key named.</summary>
internal sealed class PublicServicesOptionsValidator : IValidateOptions<PublicServicesOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicServicesOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, year) in options.Calendar)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 2000 or > 2100)
            {
                failures.Add($"{PublicServicesOptions.Section}:Calendar:{key} is not a year (2000-2100).");
                continue;
            }

            foreach (var (list, label) in new[] { (year.Holidays, "Holidays"), (year.MakeUpDays, "MakeUpDays") })
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (!DateOnly.TryParseExact(list[i]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year != number)
                    {
                        failures.Add($"{PublicServicesOptions.Section}:Calendar:{key}:{label}:{i} ('{list[i]}') is not a date yyyy-MM-dd in {key}.");
                    }
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
