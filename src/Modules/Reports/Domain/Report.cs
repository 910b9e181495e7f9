using System.Net.Mail;
using System.Security.Cryptography;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Domain;

/// <summary>Who reported: kept for the officers, never in a public answer (Open311 output, map, exports).</summary>
internal sealed record ReporterContact(string? FirstName, string? LastName, string? Phone, string? Email, string? DeviceId, string? AccountId, bool NamedPublicly = false)
{
    /// <summary>Nobody named. A new instance each time: EF keeps an owned value per report.</summary>
    public static ReporterContact None => new(null, null, null, null, null, null);

    public IEnumerable<string> Problems()
    {
        if (Email is not null && (Email.Length > 254 || !MailAddress.TryCreate(Email, out var parsed) || parsed.Address != Email))
        {
            yield return "email is not an e-mail address.";
        }

        if (Phone is not null && (Phone.Length > 20 || Phone.Any(c => !char.IsAsciiDigit(c) && c is not '+' and not ' ' and not '-' and not '(' and not ')' and not '.')))
        {
            yield return "phone is a telephone number of at most 20 digits, spaces and + - ( ) .";
        }

        foreach (var (field, value) in new[] { ("first_name", FirstName), ("last_name", LastName), ("device_id", DeviceId), ("account_id", AccountId) })
        {
            if (value is not null && (value.Length > 100 || value.Any(char.IsControl)))
            {
                yield return $"{field} is at most 100 characters on one line.";
            }
        }
    }
}

/// <summary>Where the problem is: a point, a resident's words, a known address (a commune code, see ADR 0020), or several.</summary>
internal sealed record ReportLocation(double? Latitude, double? Longitude, string? AddressString, string? AddressId, string? CommuneCode)
{
    public const int AddressMaxLength = 500;

    public IEnumerable<string> Problems()
    {
        if (Latitude.HasValue != Longitude.HasValue)
        {
            yield return "lat and long are sent together.";
        }

        if (Latitude is < -90 or > 90 || Longitude is < -180 or > 180 || Latitude is double.NaN || Longitude is double.NaN)
        {
            yield return "lat is between -90 and 90 and long between -180 and 180 (WGS 84 degrees).";
        }

        if (Latitude is null && string.IsNullOrWhiteSpace(AddressString) && string.IsNullOrWhiteSpace(AddressId))
        {
            yield return "A location is required: lat and long, or address_string, or address_id.";
        }

        if (AddressString is { Length: > AddressMaxLength } || (AddressString?.Any(c => char.IsControl(c)) ?? false))
        {
            yield return $"address_string is at most {AddressMaxLength} characters on one line.";
        }
    }
}

/// <summary>The unit's name as the resident reads it (Open311 <c>agency_responsible</c>).</summary>
internal sealed record AgencyName(string Vi, string En);

/// <summary>
/// A resident's report of a problem (<i>phản ánh, kiến nghị</i>), an Open311 service request. Its public number is
/// <see cref="Id"/> (the <c>service_request_id</c>); <see cref="Token"/> is the reporter's private handle. Every state
/// change goes through <see cref="Move"/>, which enforces the workflow and writes the history.
/// </summary>
internal sealed class Report
{
    public const int DescriptionMaxLength = 4000;
    public const int MediaUrlMaxLength = 2048;
    public const int MessageMaxLength = 2000;
    public const int MaxPhotos = 5;

    private readonly List<ReportChange> _history = [];

    private Report()
    {
        JurisdictionCode = ServiceCode = Token = SubmittedBy = string.Empty;
        Location = new ReportLocation(null, null, null, null, null);
        Reporter = ReporterContact.None;
    }

    public long Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public Guid CategoryId { get; private set; }

    public string ServiceCode { get; private set; }

    public string Token { get; private set; }

    public ReportLocation Location { get; private set; }

    public string? Description { get; private set; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public string? MediaUrl { get; private set; }

    /// <summary>Hashes of the photos in the file store (owner <c>reports/{Id}</c>), originals, in upload order.</summary>
    public IReadOnlyList<string> PhotoHashes { get; private set; } = [];

    public ReporterContact Reporter { get; private set; }

    /// <summary>The key or account that submitted it (a key's id for Open311 posts).</summary>
    public string SubmittedBy { get; private set; }

    /// <summary>The reporter's language (<c>vi</c> or <c>en</c>) at submission: the notices they get are written in it.</summary>
    public string Language { get; private set; } = ReportLanguage.Vietnamese;

    public bool IsPublic { get; private set; }

    public bool IsEmergency { get; private set; }

    public ReportStatus Status { get; private set; }

    public ResponsibleKind? UnitKind { get; private set; }

    public string? UnitCode { get; private set; }

    public string? AgencyVi { get; private set; }

    public string? AgencyEn { get; private set; }

    /// <summary>The last public message (Open311 <c>status_notes</c>).</summary>
    public string? StatusNotes { get; private set; }

    public long? DuplicateOfId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The legal deadline: requested + the category's handling time.</summary>
    public DateTimeOffset ExpectedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The reporter's satisfaction, 1 to 5, given once after resolution (<see cref="Rate"/>).</summary>
    public int? Rating { get; private set; }

    public string? RatingComment { get; private set; }

    public DateTimeOffset? RatedAt { get; private set; }

    public IReadOnlyList<ReportChange> History => _history;

    public ResponsibleUnit? Unit => UnitKind is { } kind && UnitCode is { } code ? new ResponsibleUnit(kind, code) : null;

    /// <summary>
    /// Checks a submission against its category and makes the report (state Received, routed by the category, the
    /// first history entry), or returns every problem found and makes nothing.
    /// </summary>
    public static (Report? Report, IReadOnlyList<string> Problems) Submit(
        ServiceCategory category,
        ReportLocation location,
        string? description,
        IReadOnlyDictionary<string, IReadOnlyList<string>> attributes,
        string? mediaUrl,
        ReporterContact reporter,
        string submittedBy,
        AgencyName? agency,
        TimeProvider clock,
        string? language = null)
    {
        var problems = new List<string>();
        if (!category.IsActive)
        {
            problems.Add($"Service {category.Code} no longer takes reports.");
        }

        problems.AddRange(location.Problems());
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (description is not null && DescriptionProblem(description) is { } descriptionProblem)
        {
            problems.Add(descriptionProblem);
        }

        mediaUrl = string.IsNullOrWhiteSpace(mediaUrl) ? null : mediaUrl.Trim();
        if (mediaUrl is not null && (mediaUrl.Length > MediaUrlMaxLength || !Uri.TryCreate(mediaUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add($"media_url is an absolute http or https URL of at most {MediaUrlMaxLength} characters.");
        }

        problems.AddRange(reporter.Problems());
        var (values, attributeProblems) = category.CheckAttributes(attributes);
        problems.AddRange(attributeProblems);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var now = clock.GetUtcNow();
        var unit = category.RouteTo(location.CommuneCode);
        var report = new Report
        {
            JurisdictionCode = category.JurisdictionCode,
            CategoryId = category.Id,
            ServiceCode = category.Code,
            Token = NewToken(),
            Location = location with { AddressString = location.AddressString?.Trim(), AddressId = location.AddressId?.Trim() },
            Description = description,
            Attributes = values,
            MediaUrl = mediaUrl,
            Reporter = reporter,
            SubmittedBy = submittedBy,
            Language = ReportLanguage.Normalize(language),
            IsPublic = category.IsPublic,
            IsEmergency = category.IsEmergency,
            Status = ReportStatus.Received,
            UnitKind = unit?.Kind,
            UnitCode = unit?.Code,
            AgencyVi = unit is null ? null : agency?.Vi,
            AgencyEn = unit is null ? null : agency?.En,
            RequestedAt = now,
            UpdatedAt = now,
            ExpectedAt = now.AddHours(category.DeadlineHours),
        };
        report._history.Add(ReportChange.Record(now, submittedBy, null, ReportStatus.Received, unit, null, null));
        return (report, []);
    }

    public void AttachPhoto(string hash)
    {
        if (PhotoHashes.Count >= MaxPhotos)
        {
            throw DomainException.Invalid($"A report has at most {MaxPhotos} photos.");
        }

        PhotoHashes = [.. PhotoHashes, hash];
    }

    public void Acknowledge(string actor, string? publicMessage, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.Acknowledged, actor, publicMessage, internalNote, clock);

    public void Assign(ResponsibleUnit unit, AgencyName agency, string actor, string? publicMessage, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.Assigned, actor, publicMessage, internalNote, clock, unit, agency);

    public void StartWork(string actor, string? publicMessage, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.InProgress, actor, publicMessage, internalNote, clock);

    public void Resolve(string actor, string? publicMessage, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.Resolved, actor, publicMessage, internalNote, clock);

    public void Close(string actor, string? publicMessage, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.Closed, actor, publicMessage, internalNote, clock);

    public void Reject(string actor, string reason, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.Rejected, actor, reason, internalNote, clock);

    public void Reopen(string actor, string? publicMessage, string? internalNote, TimeProvider clock) =>
        Move(ReportStatus.Reopened, actor, publicMessage, internalNote, clock);

    public void MarkDuplicateOf(Report original, string actor, string? publicMessage, string? internalNote, TimeProvider clock)
    {
        if (ReferenceEquals(original, this) || (original.Id != 0 && original.Id == Id) || original.JurisdictionCode != JurisdictionCode)
        {
            throw DomainException.Invalid("A report is a duplicate of another report of the same jurisdiction.");
        }

        Move(ReportStatus.Duplicate, actor, publicMessage ?? $"Trùng với phản ánh số {original.Id}. / Duplicate of report {original.Id}.", internalNote, clock, duplicateOf: original.Id);
    }

    /// <summary>The one door for a state change: refuses a move the workflow does not allow, records every move.</summary>
    private void Move(ReportStatus to, string actor, string? publicMessage, string? internalNote, TimeProvider clock, ResponsibleUnit? unit = null, AgencyName? agency = null, long? duplicateOf = null)
    {
        if (!ReportStatuses.CanMove(Status, to))
        {
            var allowed = ReportStatuses.AllowedFrom(Status);
            throw DomainException.Conflict($"A report that is {Status.Code()} cannot become {to.Code()}; it can become {(allowed.Count == 0 ? "nothing else" : string.Join(", ", allowed.Select(s => s.Code())))}.");
        }

        publicMessage = string.IsNullOrWhiteSpace(publicMessage) ? null : publicMessage.Trim();
        internalNote = string.IsNullOrWhiteSpace(internalNote) ? null : internalNote.Trim();
        if (publicMessage?.Length > MessageMaxLength || internalNote?.Length > MessageMaxLength)
        {
            throw DomainException.Invalid($"A message or note is at most {MessageMaxLength} characters.");
        }

        if (to == ReportStatus.Rejected && publicMessage is null)
        {
            throw DomainException.Invalid("A rejection tells the resident why (a public message).");
        }

        if (to == ReportStatus.Assigned)
        {
            if (unit is null || agency is null)
            {
                throw DomainException.Invalid("An assignment names the unit that must act.");
            }

            UnitKind = unit.Kind;
            UnitCode = unit.Code;
            AgencyVi = agency.Vi;
            AgencyEn = agency.En;
        }

        var now = clock.GetUtcNow();
        var from = Status;
        Status = to;
        StatusNotes = publicMessage;
        UpdatedAt = now;
        ClosedAt = to.IsOpen() ? null : now;
        if (duplicateOf is not null)
        {
            DuplicateOfId = duplicateOf;
        }

        _history.Add(ReportChange.Record(now, actor, from, to, to == ReportStatus.Assigned ? unit : null, publicMessage, internalNote));
    }

    /// <summary>Open311: free text of at most 4,000 characters, line breaks allowed, no HTML or code.</summary>
    public static string? DescriptionProblem(string description)
    {
        if (description.Length > DescriptionMaxLength)
        {
            return $"description is at most {DescriptionMaxLength:N0} characters.";
        }

        if (description.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return "description contains control characters.";
        }

        for (var i = 0; i + 1 < description.Length; i++)
        {
            if (description[i] == '<' && (char.IsAsciiLetter(description[i + 1]) || description[i + 1] is '/' or '!' or '?'))
            {
                return "description is plain text: no HTML or code.";
            }
        }

        return null;
    }

    #region The reporter's own actions (the portal, with the private token)

    public const int RatingCommentMaxLength = 1000;

    /// <summary>When the report was last resolved (from its history), or null if it never was.</summary>
    public DateTimeOffset? ResolvedAt => _history.LastOrDefault(h => h.To == ReportStatus.Resolved)?.At;

    /// <summary>Whether the reporter may still reopen it: resolved or closed, and resolved no more than <paramref name="window"/> ago.</summary>
    public bool CanBeReopenedByReporter(TimeSpan window, DateTimeOffset now) =>
        Status is ReportStatus.Resolved or ReportStatus.Closed && ResolvedAt is { } resolved && now - resolved <= window;

    /// <summary>The reporter says the problem is not solved: allowed after resolution, within the window (Mekong:Reports:ReopenDays).</summary>
    public void ReopenByReporter(string? reason, TimeSpan window, TimeProvider clock)
    {
        if (Status is not (ReportStatus.Resolved or ReportStatus.Closed) || ResolvedAt is not { } resolved)
        {
            throw DomainException.Conflict($"Only a resolved report can be reopened by its reporter; this one is {Status.Code()}.");
        }

        var now = clock.GetUtcNow();
        if (now - resolved > window)
        {
            throw DomainException.Conflict($"A report can be reopened within {window.TotalDays:0.#} days of its resolution; report {Id} was resolved on {W3cDateTime.Format(resolved)}. Please send a new report.");
        }

        Move(ReportStatus.Reopened, "citizen", string.IsNullOrWhiteSpace(reason) ? "Người phản ánh mở lại: vấn đề chưa được giải quyết. / Reopened by the reporter: not solved." : reason, null, clock);
    }

    /// <summary>The reporter's satisfaction after resolution: 1 (very unhappy) to 5 (very happy), once.</summary>
    public void Rate(int rating, string? comment, TimeProvider clock)
    {
        if (RatedAt is not null)
        {
            throw DomainException.Conflict($"Report {Id} has already been rated.");
        }

        if (Status is not (ReportStatus.Resolved or ReportStatus.Closed) || ResolvedAt is null)
        {
            throw DomainException.Conflict($"A report is rated after it has been resolved; this one is {Status.Code()}.");
        }

        if (rating is < 1 or > 5)
        {
            throw DomainException.Invalid("rating is a whole number from 1 to 5.");
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is not null && (comment.Length > RatingCommentMaxLength || comment.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')))
        {
            throw DomainException.Invalid($"comment is plain text of at most {RatingCommentMaxLength} characters.");
        }

        Rating = rating;
        RatingComment = comment;
        RatedAt = clock.GetUtcNow();
    }

    /// <summary>Whether <paramref name="token"/> is this report's private token (compared in constant time).</summary>
    public bool HasToken(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(token), System.Text.Encoding.ASCII.GetBytes(Token));

    #endregion

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    // ---- Case work by officers (h-cases): status by code, internal notes, merges, the deadline clock ----

    /// <summary>When the unit's officers were warned that the deadline nears (once per deadline).</summary>
    public DateTimeOffset? DeadlineWarnedAt { get; private set; }

    /// <summary>When the report was marked overdue (its deadline passed while open), once per deadline; lists and maps show it.</summary>
    public DateTimeOffset? OverdueAt { get; private set; }

    /// <summary>When the overdue report was escalated to the unit's head.</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }

    /// <summary>Open and past its deadline at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status.IsOpen() && ExpectedAt <= now;

    /// <summary>An officer's status change by the state's code; assignment and duplicates have their own doors (a unit, an original).</summary>
    public void ChangeStatus(ReportStatus to, string actor, string? publicMessage, string? internalNote, TimeProvider clock)
    {
        switch (to)
        {
            case ReportStatus.Acknowledged: Acknowledge(actor, publicMessage, internalNote, clock); break;
            case ReportStatus.InProgress: StartWork(actor, publicMessage, internalNote, clock); break;
            case ReportStatus.Resolved: Resolve(actor, publicMessage, internalNote, clock); break;
            case ReportStatus.Closed: Close(actor, publicMessage, internalNote, clock); break;
            case ReportStatus.Rejected: Reject(actor, publicMessage ?? string.Empty, internalNote, clock); break;
            case ReportStatus.Reopened: Reopen(actor, publicMessage, internalNote, clock); break;
            case ReportStatus.Assigned:
                throw DomainException.Invalid("An assignment names the unit that must act: use assign.");
            case ReportStatus.Duplicate:
                throw DomainException.Invalid("A duplicate names the report it repeats: use merge.");
            default:
                throw DomainException.Invalid($"A report cannot be moved back to {to.Code()}.");
        }
    }

    /// <summary>A note for staff only: no state change, nothing the resident sees, the public update time unchanged.</summary>
    public void AddNote(string actor, string note, TimeProvider clock)
    {
        note = note?.Trim() ?? string.Empty;
        if (note.Length == 0 || note.Length > MessageMaxLength)
        {
            throw DomainException.Invalid($"A note has 1 to {MessageMaxLength} characters.");
        }

        _history.Add(ReportChange.RecordEvent(clock.GetUtcNow(), actor, Status, ReportChangeKind.Note, null, note));
    }

    /// <summary>
    /// Merges <paramref name="duplicate"/> into this report: it becomes a duplicate of this one, and this one tells its
    /// own followers, in a public change, that another report of the same problem joined it. Both are changed or neither.
    /// </summary>
    public void Absorb(Report duplicate, string actor, string? publicMessage, string? internalNote, TimeProvider clock)
    {
        if (Status is ReportStatus.Duplicate or ReportStatus.Rejected)
        {
            throw DomainException.Conflict($"Report {Id} is {Status.Code()}: nothing can be merged into it.");
        }

        duplicate.MarkDuplicateOf(this, actor, publicMessage, internalNote, clock);
        var now = clock.GetUtcNow();
        var notice = $"Phản ánh số {duplicate.Id} cùng nội dung đã được gộp vào phản ánh này. / Report {duplicate.Id} about the same problem was merged into this one.";
        StatusNotes = notice;
        UpdatedAt = now;
        _history.Add(ReportChange.RecordEvent(now, actor, Status, ReportChangeKind.Merged, notice, internalNote));
    }

    /// <summary>Records the deadline warning once per deadline; false when already warned, closed or not yet due.</summary>
    public bool WarnDeadline(TimeSpan before, DateTimeOffset now)
    {
        if (!Status.IsOpen() || DeadlineWarnedAt is not null || OverdueAt is not null || now < ExpectedAt - before || now >= ExpectedAt)
        {
            return false;
        }

        DeadlineWarnedAt = now;
        _history.Add(ReportChange.RecordEvent(now, "system", Status, ReportChangeKind.DeadlineWarning, null,
            $"Sắp đến hạn xử lý ({W3cDateTime.Format(ExpectedAt)}); đã nhắc cán bộ đơn vị. / Deadline near; the unit's officers were reminded."));
        return true;
    }

    /// <summary>Marks the report overdue once per deadline and records the escalation to the unit's head (<paramref name="escalatedTo"/> heads reached).</summary>
    public bool MarkOverdue(int escalatedTo, DateTimeOffset now)
    {
        if (!Status.IsOpen() || OverdueAt is not null || now < ExpectedAt)
        {
            return false;
        }

        OverdueAt = now;
        EscalatedAt = escalatedTo > 0 ? now : null;
        _history.Add(ReportChange.RecordEvent(now, "system", Status, ReportChangeKind.Overdue, null,
            escalatedTo > 0
                ? $"Quá hạn xử lý ({W3cDateTime.Format(ExpectedAt)}); đã báo lãnh đạo đơn vị. / Overdue; escalated to the unit's head."
                : $"Quá hạn xử lý ({W3cDateTime.Format(ExpectedAt)}); đơn vị chưa có lãnh đạo để báo. / Overdue; the unit has no head to escalate to."));
        return true;
    }
}

/// <summary>The two languages a report's notices are written in.</summary>
internal static class ReportLanguage
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    /// <summary><c>en</c> for any English tag (<c>en</c>, <c>en-US</c>, <c>en_GB</c>), Vietnamese for anything else or nothing.</summary>
    public static string Normalize(string? language) =>
        language?.Trim() is { Length: >= 2 } tag && tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) && (tag.Length == 2 || tag[2] is '-' or '_')
            ? English
            : Vietnamese;
}
