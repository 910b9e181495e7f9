using System.Text.RegularExpressions;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Incidents.Domain;

/// <summary>Who owns a step of a procedure: a department (<i>sở, ngành</i>, by its code) or everyone of a role (the IOC's operators).</summary>
internal enum StepOwnerKind
{
    Department,
    Role,
}

/// <summary>One step of a standard operating procedure: what, who, and how long after the incident opens it is due.</summary>
internal sealed class SopStep
{
    public const int TitleMaxLength = 300;

    /// <summary>The longest deadline a step may have: 30 days after the incident opens.</summary>
    public const int MaxDeadlineMinutes = 30 * 24 * 60;

    public string TitleVi { get; set; } = string.Empty;

    public string TitleEn { get; set; } = string.Empty;

    public StepOwnerKind OwnerKind { get; set; }

    public string OwnerCode { get; set; } = string.Empty;

    public int DeadlineMinutes { get; set; }
}

/// <summary>
/// A kind of incident of a jurisdiction (<i>lũ lụt, xâm nhập mặn, bão, cháy, tai nạn giao thông, sạt lở, dịch bệnh</i>)
/// with its standard operating procedure (<i>quy trình ứng phó</i>), a checklist every incident of the type starts from,
/// and the CAP category its public warnings carry.
/// </summary>
internal sealed partial class IncidentType
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 200;
    public const int MaxSteps = 60;

    private IncidentType()
    {
        JurisdictionCode = Code = NameVi = NameEn = CapCategory = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary>A stable lower-case code (<c>flood</c>, <c>salinity</c>), unique in the jurisdiction.</summary>
    public string Code { get; private set; }

    public string NameVi { get; private set; }

    public string NameEn { get; private set; }

    /// <summary>The CAP 1.2 <c>category</c> of its warnings (<c>Met</c>, <c>Geo</c>, <c>Fire</c>, …).</summary>
    public string CapCategory { get; private set; }

    public bool Active { get; private set; } = true;

    public List<SopStep> Steps { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    public static IncidentType Create(string jurisdictionCode, IncidentTypeContent content, DateTimeOffset now)
    {
        var type = new IncidentType { Id = Guid.CreateVersion7(now), JurisdictionCode = jurisdictionCode, Code = content.Code };
        type.Apply(content, now);
        return type;
    }

    /// <summary>Changes the type and its procedure; incidents opened before keep the checklist they were given.</summary>
    public void Revise(IncidentTypeContent content, DateTimeOffset now)
    {
        if (content.Code != Code)
        {
            throw DomainException.Invalid("An incident type's code does not change; make a new type instead.");
        }

        Apply(content, now);
    }

    public void Retire(DateTimeOffset now)
    {
        Active = false;
        UpdatedAt = now;
    }

    private void Apply(IncidentTypeContent content, DateTimeOffset now)
    {
        NameVi = content.NameVi;
        NameEn = content.NameEn;
        CapCategory = content.CapCategory;
        Steps = content.Steps.Select(s => new SopStep { TitleVi = s.TitleVi, TitleEn = s.TitleEn, OwnerKind = s.OwnerKind, OwnerCode = s.OwnerCode, DeadlineMinutes = s.DeadlineMinutes }).ToList();
        Active = true;
        UpdatedAt = now;
    }

    public static bool IsValidCode(string? code) => code is { Length: >= 2 and <= CodeMaxLength } && CodePattern().IsMatch(code);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}

/// <summary>What an administrator gives for a type, checked (<see cref="Features.Types.IncidentTypeRules"/>).</summary>
internal sealed record IncidentTypeContent(string Code, string NameVi, string NameEn, string CapCategory, IReadOnlyList<SopStep> Steps);
