using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Features.Catalogue;
using Mekong.Platform.Auth;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

/// <summary>
/// Who may handle which dossier (and so see its applicant's personal data): the one-stop desk (officers of the
/// <see cref="PublicServicesOptions.OneStopDesk"/> department) every dossier of its jurisdiction; the handling
/// department its procedures' dossiers; a commune committee the commune-level dossiers of its commune; an administrator
/// of the jurisdiction all of them. Operators and viewers handle none (ADR 0030: personal data on a need-to-know basis).
/// </summary>
internal sealed record DossierScope(string? JurisdictionCode, bool Administrator, bool Desk, IReadOnlySet<string> Departments, IReadOnlySet<string> Communes, string Actor)
{
    public static async Task<DossierScope> ForAsync(ClaimsPrincipal user, IOfficerDirectory officers, IOptions<PublicServicesOptions> options, CancellationToken cancellationToken)
    {
        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue(MekongClaims.ApiKeyId) ?? "unknown";
        var jurisdiction = ActorScope.IsInstallationAdministrator(user) ? null : ActorScope.JurisdictionOf(user) ?? string.Empty;
        if (user.IsInRole(Roles.Administrator))
        {
            return new DossierScope(jurisdiction, true, true, new HashSet<string>(), new HashSet<string>(), actor);
        }

        IReadOnlyList<OfficerUnit> units = user.IsInRole(Roles.DepartmentOfficer) && Guid.TryParse(actor, out var id)
            ? await officers.UnitsOfAsync(id, cancellationToken)
            : [];
        var departments = units.Where(u => u.Kind == OfficerUnitKind.Department).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var communes = units.Where(u => u.Kind == OfficerUnitKind.Commune).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var desk = departments.Contains(options.Value.OneStopDesk.ToUpperInvariant());
        return new DossierScope(jurisdiction, false, desk, departments, communes, actor);
    }

    public bool HandlesAny => Administrator || Desk || Departments.Count > 0 || Communes.Count > 0;

    public bool SeesJurisdiction(string code) => JurisdictionCode is null || JurisdictionCode == code;

    /// <summary>The desk's part of the work: receipt, return, counter payment.</summary>
    public bool IsDeskFor(Dossier d) => SeesJurisdiction(d.JurisdictionCode) && (Administrator || Desk);

    /// <summary>The handling unit's part: processing and the result.</summary>
    public bool IsHandlerFor(Dossier d) => SeesJurisdiction(d.JurisdictionCode) && (Administrator
        || Departments.Contains(d.AgencyCode)
        || (d.AgencyCode == ProcedureCatalogue.CommuneAgency && d.CommuneCode is not null && Communes.Contains(d.CommuneCode)));

    public bool Covers(Dossier d) => IsDeskFor(d) || IsHandlerFor(d);

    public IQueryable<Dossier> Filter(IQueryable<Dossier> dossiers)
    {
        if (JurisdictionCode is not null)
        {
            dossiers = dossiers.Where(d => d.JurisdictionCode == JurisdictionCode);
        }

        if (Administrator || Desk)
        {
            return dossiers;
        }

        var departments = Departments.ToList();
        var communes = Communes.ToList();
        return dossiers.Where(d => departments.Contains(d.AgencyCode)
                                   || (d.AgencyCode == ProcedureCatalogue.CommuneAgency && communes.Contains(d.CommuneCode!)));
    }
}
