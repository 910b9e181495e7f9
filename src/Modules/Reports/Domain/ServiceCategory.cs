using System.Text.RegularExpressions;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Domain;

/// <summary>Who must act on a category's reports.</summary>
internal enum ResponsibleKind
{
    /// <summary>The People's Committee (<i>UBND</i>) of the commune the report falls in.</summary>
    Commune,

    /// <summary>A department of the jurisdiction (<i>sở, ngành</i>), by its code in the Access module.</summary>
    Department,

    /// <summary>A body outside the administration (power, water company), reached by e-mail or webhook.</summary>
    OutsideBody,
}

/// <summary>The unit a report is routed to: a commune code, a department code or an outside body's name.</summary>
internal sealed record ResponsibleUnit(ResponsibleKind Kind, string Code);

/// <summary>
/// A kind of problem residents report (an Open311 service) in one jurisdiction: its code is the Open311
/// <c>service_code</c>; who acts on it, the legal handling deadline, its extra fields, whether reports are public and
/// whether it is an emergency are the rules <see cref="Report.Submit"/> applies.
/// </summary>
internal sealed partial class ServiceCategory
{
    public const int CodeMaxLength = 50;
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 1000;

    private ServiceCategory()
    {
        JurisdictionCode = Code = NameVi = NameEn = Group = ResponsibleCode = DescriptionVi = DescriptionEn = string.Empty;
    }

    public Guid Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    public string Code { get; private set; }

    public string NameVi { get; private set; }

    public string NameEn { get; private set; }

    public string DescriptionVi { get; private set; }

    public string DescriptionEn { get; private set; }

    /// <summary>The Open311 <c>group</c>, e.g. <c>Hạ tầng</c>.</summary>
    public string Group { get; private set; }

    public IReadOnlyList<string> Keywords { get; private set; } = [];

    public ResponsibleKind ResponsibleKind { get; private set; }

    /// <summary>The department code or the outside body's name; empty for <see cref="ResponsibleKind.Commune"/>.</summary>
    public string ResponsibleCode { get; private set; }

    /// <summary>An outside body's address for notices (e-mail), when it has one.</summary>
    public string? OutsideContact { get; private set; }

    /// <summary>
    /// An outside body's webhook endpoint (a webhook subscription of <c>/admin/notifications</c>, which holds the URL and
    /// secret): it receives <c>reports.routed</c> and <c>reports.updated</c> for this category's reports.
    /// </summary>
    public Guid? OutsideWebhookId { get; private set; }

    /// <summary>The legal handling deadline, in hours from the report (the <c>expected_datetime</c>).</summary>
    public int DeadlineHours { get; private set; }

    public IReadOnlyList<ServiceAttribute> Attributes { get; private set; } = [];

    /// <summary>Reports of a public category are listed to anyone; others only to staff (and never in the public map).</summary>
    public bool IsPublic { get; private set; }

    /// <summary>Emergencies alert the operators at once.</summary>
    public bool IsEmergency { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string Name(bool english) => english ? NameEn : NameVi;

    public string Description(bool english) => english ? DescriptionEn : DescriptionVi;

    public static ServiceCategory Define(
        string jurisdictionCode,
        string code,
        string nameVi,
        string nameEn,
        string group,
        ResponsibleUnit? responsible,
        int deadlineHours,
        TimeProvider clock,
        string? descriptionVi = null,
        string? descriptionEn = null,
        IEnumerable<string>? keywords = null,
        IEnumerable<ServiceAttribute>? attributes = null,
        bool isPublic = true,
        bool isEmergency = false,
        string? outsideContact = null,
        Guid? outsideWebhookId = null)
    {
        if (!CodePattern().IsMatch(code ?? string.Empty))
        {
            throw DomainException.Invalid($"A service code is 1 to {CodeMaxLength} letters, digits, '_' or '-' ('{code}').");
        }

        if (string.IsNullOrWhiteSpace(nameVi) || nameVi.Length > NameMaxLength || (nameEn?.Length ?? 0) > NameMaxLength)
        {
            throw DomainException.Invalid($"A category needs a Vietnamese name of at most {NameMaxLength} characters.");
        }

        if (deadlineHours is < 1 or > 24 * 365)
        {
            throw DomainException.Invalid("A handling deadline is 1 hour to 1 year.");
        }

        responsible ??= new ResponsibleUnit(ResponsibleKind.Commune, string.Empty);
        if (responsible.Kind != ResponsibleKind.Commune && string.IsNullOrWhiteSpace(responsible.Code))
        {
            throw DomainException.Invalid("A category routed to a department or an outside body names it.");
        }

        var list = (attributes ?? []).OrderBy(a => a.Order).ToList();
        if (list.Select(a => a.DefinitionProblem()).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw DomainException.Invalid(problem);
        }

        if (list.Select(a => a.Code).Distinct(StringComparer.Ordinal).Count() != list.Count || list.Select(a => a.Order).Distinct().Count() != list.Count)
        {
            throw DomainException.Invalid("Attribute codes and orders must be distinct within a category.");
        }

        return new ServiceCategory
        {
            Id = Guid.CreateVersion7(),
            JurisdictionCode = jurisdictionCode,
            Code = code!,
            NameVi = nameVi.Trim(),
            NameEn = string.IsNullOrWhiteSpace(nameEn) ? nameVi.Trim() : nameEn.Trim(),
            DescriptionVi = (descriptionVi ?? string.Empty).Trim(),
            DescriptionEn = (descriptionEn ?? descriptionVi ?? string.Empty).Trim(),
            Group = (group ?? string.Empty).Trim(),
            Keywords = (keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct().ToList(),
            ResponsibleKind = responsible.Kind,
            ResponsibleCode = responsible.Kind == ResponsibleKind.Department ? responsible.Code.Trim().ToUpperInvariant() : responsible.Code.Trim(),
            OutsideContact = outsideContact,
            OutsideWebhookId = outsideWebhookId,
            DeadlineHours = deadlineHours,
            Attributes = list,
            IsPublic = isPublic,
            IsEmergency = isEmergency,
            IsActive = true,
            UpdatedAt = clock.GetUtcNow(),
        };
    }

    public void Deactivate(TimeProvider clock)
    {
        IsActive = false;
        UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>The unit that must act on a report of this category in <paramref name="communeCode"/>; null when the commune is unknown and the commune must act (the centre routes it by hand).</summary>
    public ResponsibleUnit? RouteTo(string? communeCode) => ResponsibleKind switch
    {
        ResponsibleKind.Commune => string.IsNullOrEmpty(communeCode) ? null : new ResponsibleUnit(ResponsibleKind.Commune, communeCode),
        _ => new ResponsibleUnit(ResponsibleKind, ResponsibleCode),
    };

    /// <summary>
    /// Checks every attribute value a client sent (<c>attribute[code]</c>) against the definition: unknown codes, missing
    /// required values and each datatype's rule. Returns the values to store, or every problem found.
    /// </summary>
    public (IReadOnlyDictionary<string, IReadOnlyList<string>> Values, IReadOnlyList<string> Problems) CheckAttributes(IReadOnlyDictionary<string, IReadOnlyList<string>> sent)
    {
        var problems = new List<string>();
        foreach (var code in sent.Keys.Where(k => !Attributes.Any(a => a.Code == k)).Order(StringComparer.Ordinal))
        {
            problems.Add($"attribute[{code}] is not an attribute of service {Code}.");
        }

        var values = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var attribute in Attributes)
        {
            var (checkedValues, problem) = attribute.Check(sent.TryGetValue(attribute.Code, out var given) ? given : []);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (checkedValues.Count > 0)
            {
                values[attribute.Code] = checkedValues;
            }
        }

        return (values, problems);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,50}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    // ---- Category administration (h-cases) ----

    /// <summary>Changes everything but the code (the Open311 <c>service_code</c> clients know) by the same rules as <see cref="Define"/>.</summary>
    public void Update(ServiceCategory changed, TimeProvider clock)
    {
        NameVi = changed.NameVi;
        NameEn = changed.NameEn;
        DescriptionVi = changed.DescriptionVi;
        DescriptionEn = changed.DescriptionEn;
        Group = changed.Group;
        Keywords = changed.Keywords;
        ResponsibleKind = changed.ResponsibleKind;
        ResponsibleCode = changed.ResponsibleCode;
        OutsideContact = changed.OutsideContact;
        DeadlineHours = changed.DeadlineHours;
        Attributes = changed.Attributes;
        IsPublic = changed.IsPublic;
        IsEmergency = changed.IsEmergency;
        UpdatedAt = clock.GetUtcNow();
    }

    public void Activate(TimeProvider clock)
    {
        IsActive = true;
        UpdatedAt = clock.GetUtcNow();
    }
}
