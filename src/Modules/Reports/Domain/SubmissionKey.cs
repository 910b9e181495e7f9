namespace Mekong.Modules.Reports.Domain;

/// <summary>
/// A submission's idempotency key (ADR 0023): made on the phone when the resident presses "send", kept with the draft
/// while it waits for a signal, sent with every attempt. The first attempt that arrives makes the report; any later one
/// with the same key gets that report back instead of a second one, for <c>Mekong:Reports:IdempotencyHours</c>.
/// </summary>
internal sealed class SubmissionKey
{
    public const int MinLength = 16;
    public const int MaxLength = 64;

    private SubmissionKey()
    {
        Key = ServiceCode = string.Empty;
    }

    public string Key { get; private set; }

    public string ServiceCode { get; private set; }

    public long ReportId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>A key is 16 to 64 letters, digits, '-' or '_' (a UUID or 128 random bits in base64url).</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: >= MinLength and <= MaxLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static SubmissionKey For(string key, Report report, DateTimeOffset at) => new()
    {
        Key = key,
        ServiceCode = report.ServiceCode,
        ReportId = report.Id,
        CreatedAt = at,
    };
}
