using System.Security.Cryptography;

namespace Mekong.Modules.PublicServices.Domain;

/// <summary>The states of a dossier (<i>hồ sơ</i>).</summary>
internal enum DossierStatus
{
    /// <summary>Sent by the applicant, waiting for the one-stop desk (<i>chờ tiếp nhận</i>).</summary>
    Submitted,

    /// <summary>Accepted by the one-stop desk (<i>đã tiếp nhận</i>): the clock runs from here.</summary>
    Received,

    /// <summary>The desk or the department asked for more (<i>yêu cầu bổ sung</i>): the clock stands still.</summary>
    SupplementRequested,

    /// <summary>With the handling department (<i>đang xử lý</i>).</summary>
    Processing,

    /// <summary>The result is ready to collect (<i>có kết quả</i>): the legal time stops here.</summary>
    ResultReady,

    /// <summary>The result was handed to the applicant (<i>đã trả kết quả</i>).</summary>
    Returned,

    /// <summary>Refused with a reason (<i>từ chối</i>).</summary>
    Rejected,
}

/// <summary>The applicant's personal data: shown only to officers who handle the dossier, every read logged (<see cref="PersonalDataRead"/>).</summary>
internal sealed class Applicant
{
    public const int NameMaxLength = 150;
    public const int PhoneMaxLength = 20;
    public const int EmailMaxLength = 254;
    public const int AddressMaxLength = 300;

    public string FullName { get; set; } = string.Empty;

    public string IdentityNumber { get; set; } = string.Empty;

    /// <summary>Digits only (<c>0912345678</c>): tracking compares the normalized form.</summary>
    public string? Phone { get; set; }

    /// <summary>Lower case.</summary>
    public string? Email { get; set; }

    public string? Address { get; set; }

    public string? CommuneCode { get; set; }

    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (phone.TrimStart().StartsWith('+') && digits.StartsWith("84", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..];
        }

        return digits;
    }

    public static string? NormalizeEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
}

/// <summary>One file of a dossier: a document of the procedure (or a supplement, or the result), in the file store.</summary>
internal sealed record DossierFile(string DocumentCode, string Hash, string ContentType, long Length, string FileName, DateTimeOffset AddedAt);

/// <summary>
/// An application for one procedure. Its workflow lives here: submitted → received or supplement requested →
/// processing → result ready → returned, or rejected with a reason. Each step adds a <see cref="DossierStep"/> (who,
/// when, what the applicant is told). The due date is set at receipt in working days (<see cref="WorkingCalendar"/>);
/// a supplement request stops the clock until the applicant supplements.
/// </summary>
internal sealed class Dossier
{
    public const int CodeMaxLength = 24;
    public const int MessageMaxLength = 2000;
    public const int TokenLength = 32;

    private readonly List<DossierStep> _history = [];

    private Dossier()
    {
    }

    public long Id { get; private set; }

    /// <summary>The dossier code (<i>mã hồ sơ</i>) the applicant is given: <c>{jurisdiction}-{yyMMdd}-{6 characters}</c>.</summary>
    public string Code { get; private set; } = string.Empty;

    /// <summary>The private part of the receipt's link (the applicant's own page), never shown to anyone else.</summary>
    public string AccessToken { get; private set; } = string.Empty;

    public string JurisdictionCode { get; private set; } = string.Empty;

    public Guid ProcedureId { get; private set; }

    public string ProcedureCode { get; private set; } = string.Empty;

    /// <summary>The procedure's name when submitted (a later rename does not change what was applied for).</summary>
    public string ProcedureNameVi { get; private set; } = string.Empty;

    public string ProcedureNameEn { get; private set; } = string.Empty;

    public ProcedureLevel Level { get; private set; }

    /// <summary>The handling department's code; for a commune-level procedure the commune of the applicant's address handles it too.</summary>
    public string AgencyCode { get; private set; } = string.Empty;

    /// <summary>The commune of the applicant's address: for a commune-level procedure, the committee that handles it.</summary>
    public string? CommuneCode { get; private set; }

    public DossierStatus Status { get; private set; }

    /// <summary>Where a supplement returns the dossier to (the state it was asked in).</summary>
    public DossierStatus? ResumeStatus { get; private set; }

    public Applicant Applicant { get; private set; } = new();

    public Dictionary<string, string> FormValues { get; private set; } = [];

    public List<DossierFile> Files { get; private set; } = [];

    /// <summary>Submitted through the portal (online) rather than at the counter.</summary>
    public bool Online { get; private set; }

    /// <summary>The procedure was fully online (<i>toàn trình</i>) when submitted: the statistics' share.</summary>
    public bool FullyOnline { get; private set; }

    /// <summary>The signed-in account that submitted it ("my dossiers"), if any.</summary>
    public string? SubmittedBy { get; private set; }

    public string Language { get; private set; } = "vi";

    public int ProcessingDays { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>Set at receipt: the last working day for the result (in Vietnam's calendar days).</summary>
    public DateOnly? DueDate { get; private set; }

    public DateOnly? PausedOn { get; private set; }

    public DateTimeOffset? ResultAt { get; private set; }

    public DateTimeOffset? ReturnedAt { get; private set; }

    public DateTimeOffset? RejectedAt { get; private set; }

    /// <summary>The result was ready on or before the due date (null until there is a result).</summary>
    public bool? OnTime { get; private set; }

    public string? ResultHash { get; private set; }

    public string? RejectionReason { get; private set; }

    public string? SupplementMessage { get; private set; }

    public long FeeVnd { get; private set; }

    public DateTimeOffset? FeePaidAt { get; private set; }

    /// <summary><c>counter</c> or <c>gateway</c>.</summary>
    public string? FeeMethod { get; private set; }

    public string? FeeReference { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<DossierStep> History => _history;

    public bool IsOpen => Status is not (DossierStatus.Returned or DossierStatus.Rejected);

    public bool FeePaid => FeeVnd == 0 || FeePaidAt is not null;

    public string ProcedureName(bool english) => english && ProcedureNameEn.Length > 0 ? ProcedureNameEn : ProcedureNameVi;

    /// <summary>A new dossier for <paramref name="procedure"/>, its e-form and files already checked.</summary>
    public static Dossier Submit(
        Procedure procedure, Applicant applicant, Dictionary<string, string> formValues, IEnumerable<DossierFile> files,
        bool online, string? submittedBy, string language, TimeProvider clock, string? code = null)
    {
        var now = clock.GetUtcNow();
        var dossier = new Dossier
        {
            Code = code ?? NewCode(procedure.JurisdictionCode, now),
            AccessToken = RandomNumberGenerator.GetHexString(TokenLength, lowercase: true),
            JurisdictionCode = procedure.JurisdictionCode,
            ProcedureId = procedure.Id,
            ProcedureCode = procedure.Code,
            ProcedureNameVi = procedure.NameVi,
            ProcedureNameEn = procedure.NameEn,
            Level = procedure.Level,
            AgencyCode = procedure.AgencyCode,
            Status = DossierStatus.Submitted,
            Applicant = applicant,
            CommuneCode = applicant.CommuneCode,
            FormValues = formValues,
            Files = [.. files],
            Online = online,
            FullyOnline = online && procedure.FullyOnline,
            SubmittedBy = submittedBy,
            Language = language == "en" ? "en" : "vi",
            ProcessingDays = procedure.ProcessingDays,
            FeeVnd = procedure.FeeVnd,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        dossier.Record(DossierStepKind.Submitted, submittedBy ?? "applicant", null, DossierStatus.Submitted, null, null, now);
        return dossier;
    }

    /// <summary>The one-stop desk accepts the dossier (<i>tiếp nhận</i>): the due date is set from today.</summary>
    public DossierResult Receive(string actor, WorkingCalendar calendar, TimeProvider clock, string? note = null)
    {
        if (Status != DossierStatus.Submitted)
        {
            return DossierResult.Refused($"Only a submitted dossier can be received; this one is {Status}.");
        }

        var now = clock.GetUtcNow();
        ReceivedAt = now;
        DueDate = calendar.AddWorkingDays(LocalDate(now), ProcessingDays);
        return Move(DossierStatus.Received, DossierStepKind.Received, actor, null, note, now);
    }

    /// <summary>Asks the applicant for more (<i>yêu cầu bổ sung</i>) with a message they are shown; the clock stops.</summary>
    public DossierResult RequestSupplement(string actor, string message, TimeProvider clock)
    {
        if (Status is not (DossierStatus.Submitted or DossierStatus.Received or DossierStatus.Processing))
        {
            return DossierResult.Refused($"A supplement can be asked of a submitted, received or processing dossier; this one is {Status}.");
        }

        if (Message(message) is not { } text)
        {
            return DossierResult.Invalid("message", $"Say what is missing (1 to {MessageMaxLength} characters).");
        }

        var now = clock.GetUtcNow();
        ResumeStatus = Status;
        SupplementMessage = text;
        PausedOn = DueDate is null ? null : LocalDate(now);
        return Move(DossierStatus.SupplementRequested, DossierStepKind.SupplementRequested, actor, text, null, now);
    }

    /// <summary>The applicant hands in what was asked: the dossier goes back where it was, the due date moved on by the pause.</summary>
    public DossierResult Supplement(IEnumerable<DossierFile> files, string? message, string actor, WorkingCalendar calendar, TimeProvider clock)
    {
        if (Status != DossierStatus.SupplementRequested)
        {
            return DossierResult.Refused("This dossier is not waiting for a supplement.");
        }

        var added = files.ToList();
        var text = Message(message);
        if (added.Count == 0 && text is null)
        {
            return DossierResult.Invalid("files", "Attach the documents asked for, or write what you add.");
        }

        var now = clock.GetUtcNow();
        Files.AddRange(added);
        if (DueDate is { } due && PausedOn is { } paused)
        {
            DueDate = calendar.Extend(due, paused, LocalDate(now));
        }

        PausedOn = null;
        SupplementMessage = null;
        var back = ResumeStatus ?? DossierStatus.Submitted;
        ResumeStatus = null;
        return Move(back, DossierStepKind.Supplemented, actor, text, null, now);
    }

    /// <summary>The handling department starts work (<i>chuyển xử lý</i>).</summary>
    public DossierResult StartProcessing(string actor, TimeProvider clock, string? note = null) =>
        Status != DossierStatus.Received
            ? DossierResult.Refused($"Only a received dossier goes to processing; this one is {Status}.")
            : Move(DossierStatus.Processing, DossierStepKind.Processing, actor, null, note, clock.GetUtcNow());

    /// <summary>
    /// The result is ready (<i>có kết quả</i>): the result document is attached (null: a paper result kept at the desk,
    /// as the demo's past dossiers), and whether it was on time is fixed.
    /// </summary>
    public DossierResult CompleteResult(string actor, DossierFile? result, string? message, TimeProvider clock)
    {
        if (Status != DossierStatus.Processing)
        {
            return DossierResult.Refused($"Only a dossier in processing gets a result; this one is {Status}.");
        }

        var now = clock.GetUtcNow();
        if (result is not null)
        {
            Files.Add(result);
            ResultHash = result.Hash;
        }

        ResultAt = now;
        OnTime = DueDate is not { } due || LocalDate(now) <= due;
        return Move(DossierStatus.ResultReady, DossierStepKind.ResultReady, actor, Message(message), null, now);
    }

    /// <summary>The result is handed over (<i>trả kết quả</i>); a fee not yet paid must be paid first.</summary>
    public DossierResult ReturnResult(string actor, TimeProvider clock)
    {
        if (Status != DossierStatus.ResultReady)
        {
            return DossierResult.Refused($"Only a dossier with a result can be returned; this one is {Status}.");
        }

        if (!FeePaid)
        {
            return DossierResult.Refused($"The fee of {FeeVnd} đồng is not paid yet.");
        }

        var now = clock.GetUtcNow();
        ReturnedAt = now;
        return Move(DossierStatus.Returned, DossierStepKind.Returned, actor, null, null, now);
    }

    /// <summary>Refuses the dossier with the reason the applicant is shown (<i>từ chối, nêu rõ lý do</i>).</summary>
    public DossierResult Reject(string actor, string reason, TimeProvider clock)
    {
        if (!IsOpen || Status == DossierStatus.ResultReady)
        {
            return DossierResult.Refused($"A dossier that is {Status} can no longer be rejected.");
        }

        if (Message(reason) is not { } text)
        {
            return DossierResult.Invalid("reason", $"Give the reason (1 to {MessageMaxLength} characters).");
        }

        var now = clock.GetUtcNow();
        RejectionReason = text;
        RejectedAt = now;
        PausedOn = null;
        return Move(DossierStatus.Rejected, DossierStepKind.Rejected, actor, text, null, now);
    }

    /// <summary>Records the fee as paid, once (<i>thu phí, lệ phí</i>): at the counter or by the payment gateway.</summary>
    public DossierResult RecordPayment(string method, long amount, string? reference, string actor, TimeProvider clock)
    {
        if (FeeVnd == 0)
        {
            return DossierResult.Refused("This procedure has no fee.");
        }

        if (FeePaidAt is not null)
        {
            return DossierResult.Refused("The fee is already paid.");
        }

        if (amount != FeeVnd)
        {
            return DossierResult.Invalid("amount", $"The fee is {FeeVnd} đồng, not {amount}.");
        }

        if (Status == DossierStatus.Rejected)
        {
            return DossierResult.Refused("A rejected dossier takes no payment.");
        }

        var now = clock.GetUtcNow();
        FeePaidAt = now;
        FeeMethod = method;
        FeeReference = reference;
        UpdatedAt = now;
        Record(DossierStepKind.FeePaid, actor, Status, Status, $"{amount} đồng ({method})", null, now);
        return DossierResult.Done;
    }

    /// <summary>Whether the dossier is past its due date without a result, seen on <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) =>
        DueDate is { } due && Status is DossierStatus.Received or DossierStatus.Processing && today > due;

    public static DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(Mekong.Platform.VietnamTime.ToLocal(at).DateTime);

    public static string NewCode(string jurisdictionCode, DateTimeOffset at)
    {
        // No 0/O, 1/I: read over the phone.
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var suffix = RandomNumberGenerator.GetString(alphabet, 6);
        return $"{jurisdictionCode}-{Mekong.Platform.VietnamTime.ToLocal(at):yyMMdd}-{suffix}";
    }

    private DossierResult Move(DossierStatus to, DossierStepKind kind, string actor, string? publicMessage, string? note, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        UpdatedAt = now;
        Record(kind, actor, from, to, publicMessage, note, now);
        return DossierResult.Done;
    }

    private void Record(DossierStepKind kind, string actor, DossierStatus? from, DossierStatus to, string? publicMessage, string? note, DateTimeOffset at) =>
        _history.Add(new DossierStep(Guid.CreateVersion7(), Id, kind, actor, from, to, publicMessage, Message(note), at));

    private static string? Message(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Length > MessageMaxLength ? null : text.Trim();
}

internal enum DossierStepKind
{
    Submitted,
    Received,
    SupplementRequested,
    Supplemented,
    Processing,
    ResultReady,
    Returned,
    Rejected,
    FeePaid,
}

/// <summary>One step of a dossier's history. The applicant sees every step with its public message, never the internal note nor the officer's account.</summary>
internal sealed class DossierStep(Guid id, long dossierId, DossierStepKind kind, string actor, DossierStatus? from, DossierStatus to, string? publicMessage, string? internalNote, DateTimeOffset at)
{
    public Guid Id { get; private set; } = id;

    public long DossierId { get; private set; } = dossierId;

    public DossierStepKind Kind { get; private set; } = kind;

    public string Actor { get; private set; } = actor;

    public DossierStatus? From { get; private set; } = from;

    public DossierStatus To { get; private set; } = to;

    public string? PublicMessage { get; private set; } = publicMessage;

    public string? InternalNote { get; private set; } = internalNote;

    public DateTimeOffset At { get; private set; } = at;

    /// <summary>The demo's bulk insert numbers dossiers in the database; their steps follow with the number.</summary>
    internal void BelongTo(long dossierId) => DossierId = dossierId;
}

/// <summary>What a workflow method answers: done, refused in this state (a 409), or an input error naming the field (a 400).</summary>
internal sealed record DossierResult(bool Succeeded, string? Field, string? Error)
{
    public static DossierResult Done { get; } = new(true, null, null);

    public static DossierResult Refused(string error) => new(false, null, error);

    public static DossierResult Invalid(string field, string error) => new(false, field, error);
}

/// <summary>
/// The audit log of personal data (<i>nhật ký truy cập dữ liệu cá nhân</i>): who read a dossier's applicant data, when,
/// why. Kept by this module for now; the Data Integration Centre (roadmap) may take it over (ADR 0030).
/// </summary>
internal sealed class PersonalDataRead(Guid id, long dossierId, string dossierCode, string actor, string purpose, DateTimeOffset at)
{
    public Guid Id { get; private set; } = id;

    public long DossierId { get; private set; } = dossierId;

    public string DossierCode { get; private set; } = dossierCode;

    public string Actor { get; private set; } = actor;

    /// <summary>Where it was read: <c>api</c>, <c>screen</c>, <c>file</c>.</summary>
    public string Purpose { get; private set; } = purpose;

    public DateTimeOffset At { get; private set; } = at;
}

/// <summary>A payment gateway's confirmation, kept so that the same transaction is never counted twice (replay).</summary>
internal sealed class GatewayPayment(string transactionId, long dossierId, long amount, DateTimeOffset receivedAt)
{
    public string TransactionId { get; private set; } = transactionId;

    public long DossierId { get; private set; } = dossierId;

    public long Amount { get; private set; } = amount;

    public DateTimeOffset ReceivedAt { get; private set; } = receivedAt;
}

/// <summary>A jurisdiction's payment gateway: the shared secret its callbacks are signed with (HMAC-SHA256), stored protected.</summary>
internal sealed class PaymentGateway(string jurisdictionCode, Mekong.Platform.Secrets.ProtectedSecret secret, DateTimeOffset updatedAt)
{
    public string JurisdictionCode { get; private set; } = jurisdictionCode;

    public Mekong.Platform.Secrets.ProtectedSecret Secret { get; private set; } = secret;

    public DateTimeOffset UpdatedAt { get; private set; } = updatedAt;

    public void Replace(Mekong.Platform.Secrets.ProtectedSecret secret, DateTimeOffset at)
    {
        Secret = secret;
        UpdatedAt = at;
    }
}
