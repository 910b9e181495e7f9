using System.Globalization;
using Mekong.Modules.PublicServices.Domain;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

internal sealed record PublicStep(DateTimeOffset At, string Step, string Status, string? Message);

/// <summary>What the applicant (and only they, by code and contact or by the receipt's token) sees: no personal data, no officer's account.</summary>
internal sealed record DossierPublicView(
    string Code, string Procedure, string ProcedureCode, string Status, string StatusName, DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt,
    DateOnly? DueDate, DateTimeOffset? ResultAt, bool? OnTime, string? SupplementMessage, string? RejectionReason, long FeeVnd, bool FeePaid,
    IReadOnlyList<PublicStep> History)
{
    public static DossierPublicView From(Dossier d, bool english) => new(
        d.Code, d.ProcedureName(english), d.ProcedureCode, DossierText.Code(d.Status), DossierText.Name(d.Status, english), d.SubmittedAt, d.ReceivedAt,
        d.DueDate, d.ResultAt, d.OnTime, d.SupplementMessage, d.RejectionReason, d.FeeVnd, d.FeePaid,
        d.History.OrderBy(h => h.At).Select(h => new PublicStep(h.At, DossierText.Code(h.Kind), DossierText.Code(h.To), h.PublicMessage)).ToList());
}

/// <summary>A queue's line: no personal data (the applicant's name is read, and logged, on the dossier itself).</summary>
internal sealed record QueueItem(
    string Code, string ProcedureCode, string Procedure, string Agency, string? Commune, string Status, DateTimeOffset SubmittedAt,
    DateOnly? DueDate, bool Overdue, bool Online, string Url);

internal sealed record OfficerStep(DateTimeOffset At, string Step, string? From, string To, string Actor, string? Message, string? InternalNote);

internal sealed record OfficerFile(string Document, string FileName, string ContentType, long Length, string Url);

/// <summary>The whole dossier for an officer who handles it (reading it is logged).</summary>
internal sealed record DossierOfficerView(
    string Code, string ProcedureCode, string Procedure, string Agency, string? Commune, string Status, bool Online,
    string FullName, string IdentityNumber, string? Phone, string? Email, string? Address,
    IReadOnlyDictionary<string, string> Fields, IReadOnlyList<OfficerFile> Files,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, DateOnly? DueDate, DateTimeOffset? ResultAt, bool? OnTime,
    string? SupplementMessage, string? RejectionReason, long FeeVnd, DateTimeOffset? FeePaidAt, string? FeeMethod, IReadOnlyList<OfficerStep> History)
{
    public static DossierOfficerView From(Dossier d, bool english) => new(
        d.Code, d.ProcedureCode, d.ProcedureName(english), d.AgencyCode, d.CommuneCode, DossierText.Code(d.Status), d.Online,
        d.Applicant.FullName, d.Applicant.IdentityNumber, d.Applicant.Phone, d.Applicant.Email, d.Applicant.Address,
        d.FormValues, d.Files.Select(f => new OfficerFile(f.DocumentCode, f.FileName, f.ContentType, f.Length,
            $"/api/v1/public-services/dossiers/{Uri.EscapeDataString(d.Code)}/files/{f.Hash}")).ToList(),
        d.SubmittedAt, d.ReceivedAt, d.DueDate, d.ResultAt, d.OnTime, d.SupplementMessage, d.RejectionReason, d.FeeVnd, d.FeePaidAt, d.FeeMethod,
        d.History.OrderBy(h => h.At).Select(h => new OfficerStep(h.At, DossierText.Code(h.Kind), h.From is { } f ? DossierText.Code(f) : null, DossierText.Code(h.To), h.Actor, h.PublicMessage, h.InternalNote)).ToList());
}

/// <summary>Codes (snake case, stable in the API) and names (vi/en) of states and steps.</summary>
internal static class DossierText
{
    public static string Code(DossierStatus s) => s switch
    {
        DossierStatus.Submitted => "submitted",
        DossierStatus.Received => "received",
        DossierStatus.SupplementRequested => "supplement_requested",
        DossierStatus.Processing => "processing",
        DossierStatus.ResultReady => "result_ready",
        DossierStatus.Returned => "returned",
        _ => "rejected",
    };

    public static string Code(DossierStepKind k) => k switch
    {
        DossierStepKind.Submitted => "submitted",
        DossierStepKind.Received => "received",
        DossierStepKind.SupplementRequested => "supplement_requested",
        DossierStepKind.Supplemented => "supplemented",
        DossierStepKind.Processing => "processing",
        DossierStepKind.ResultReady => "result_ready",
        DossierStepKind.Returned => "returned",
        DossierStepKind.Rejected => "rejected",
        _ => "fee_paid",
    };

    public static bool TryParse(string? code, out DossierStatus status)
    {
        foreach (var s in Enum.GetValues<DossierStatus>())
        {
            if (Code(s) == code)
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static string Name(DossierStatus s, bool english) => (s, english) switch
    {
        (DossierStatus.Submitted, false) => "Chờ tiếp nhận",
        (DossierStatus.Submitted, true) => "Waiting to be received",
        (DossierStatus.Received, false) => "Đã tiếp nhận",
        (DossierStatus.Received, true) => "Received",
        (DossierStatus.SupplementRequested, false) => "Yêu cầu bổ sung",
        (DossierStatus.SupplementRequested, true) => "Supplement requested",
        (DossierStatus.Processing, false) => "Đang xử lý",
        (DossierStatus.Processing, true) => "Being handled",
        (DossierStatus.ResultReady, false) => "Có kết quả",
        (DossierStatus.ResultReady, true) => "Result ready",
        (DossierStatus.Returned, false) => "Đã trả kết quả",
        (DossierStatus.Returned, true) => "Result handed over",
        (DossierStatus.Rejected, false) => "Từ chối",
        _ => "Refused",
    };

    public static string Name(DossierStepKind k, bool english) => k switch
    {
        DossierStepKind.Supplemented => english ? "Supplement handed in" : "Đã bổ sung hồ sơ",
        DossierStepKind.FeePaid => english ? "Fee paid" : "Đã nộp phí, lệ phí",
        DossierStepKind.Submitted => english ? "Submitted" : "Đã nộp hồ sơ",
        DossierStepKind.Received => Name(DossierStatus.Received, english),
        DossierStepKind.SupplementRequested => Name(DossierStatus.SupplementRequested, english),
        DossierStepKind.Processing => Name(DossierStatus.Processing, english),
        DossierStepKind.ResultReady => Name(DossierStatus.ResultReady, english),
        DossierStepKind.Returned => Name(DossierStatus.Returned, english),
        _ => Name(DossierStatus.Rejected, english),
    };

    public static string Date(DateOnly? d) => d?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    public static string Date(DateTimeOffset? at) => at is { } v ? Mekong.Platform.VietnamTime.ToLocal(v).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Money(long vnd) => vnd == 0 ? "0" : vnd.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đ";
}
