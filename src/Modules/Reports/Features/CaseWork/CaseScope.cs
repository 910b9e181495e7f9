using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// Which reports an officer may work on: administrators and operators (the centre) every report of their jurisdiction
/// (an installation administrator every report), a DepartmentOfficer only those routed to their own units
/// (<see cref="IOfficerDirectory"/>). <see cref="Actor"/> is what the history records.
/// </summary>
internal sealed record CaseScope(string? JurisdictionCode, bool WholeJurisdiction, IReadOnlyList<OfficerUnit> Units, string Actor)
{
    public static async Task<CaseScope> ForAsync(ClaimsPrincipal user, IOfficerDirectory officers, CancellationToken cancellationToken)
    {
        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var jurisdiction = ActorScope.JurisdictionOf(user);
        if (user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Operator))
        {
            return new CaseScope(ActorScope.IsInstallationAdministrator(user) ? null : jurisdiction ?? string.Empty, true, [], actor);
        }

        IReadOnlyList<OfficerUnit> units = user.IsInRole(Roles.DepartmentOfficer) && Guid.TryParse(actor, out var id)
            ? await officers.UnitsOfAsync(id, cancellationToken)
            : [];
        return new CaseScope(jurisdiction ?? string.Empty, false, units, actor);
    }

    public bool SeesJurisdiction(string jurisdictionCode) => JurisdictionCode is null || JurisdictionCode == jurisdictionCode;

    public bool Covers(Report report) =>
        SeesJurisdiction(report.JurisdictionCode)
        && (WholeJurisdiction || Units.Any(u => u.Code == report.UnitCode && Matches(u.Kind, report.UnitKind)));

    /// <summary>The reports this scope may see, as a query (the units' codes in SQL).</summary>
    public IQueryable<Report> Filter(IQueryable<Report> reports)
    {
        if (JurisdictionCode is not null)
        {
            reports = reports.Where(r => r.JurisdictionCode == JurisdictionCode);
        }

        if (WholeJurisdiction)
        {
            return reports;
        }

        var departments = Units.Where(u => u.Kind == OfficerUnitKind.Department).Select(u => u.Code).ToList();
        var communes = Units.Where(u => u.Kind == OfficerUnitKind.Commune).Select(u => u.Code).ToList();
        return reports.Where(r => (r.UnitKind == ResponsibleKind.Department && departments.Contains(r.UnitCode!))
                                  || (r.UnitKind == ResponsibleKind.Commune && communes.Contains(r.UnitCode!)));
    }

    /// <summary>404 for a report that does not exist or is of another jurisdiction; 403 for one of another unit.</summary>
    public void Demand(Report? report, long id)
    {
        if (report is null || !SeesJurisdiction(report.JurisdictionCode))
        {
            throw DomainException.NotFound($"There is no report {id}.");
        }

        if (!Covers(report))
        {
            throw new DomainException(ProblemTypes.Forbidden, "Forbidden", $"Report {id} is handled by another unit ({report.UnitKind?.ToString().ToLowerInvariant() ?? "none"} {report.UnitCode ?? "-"}): only its officers, the centre's operators and administrators act on it.", StatusCodes.Status403Forbidden);
        }
    }

    public static OfficerUnit? ToOfficerUnit(ResponsibleKind? kind, string? code) => (kind, code) switch
    {
        (ResponsibleKind.Department, { } c) => new OfficerUnit(OfficerUnitKind.Department, c),
        (ResponsibleKind.Commune, { } c) => new OfficerUnit(OfficerUnitKind.Commune, c),
        _ => null,
    };

    private static bool Matches(OfficerUnitKind kind, ResponsibleKind? unitKind) =>
        (kind == OfficerUnitKind.Department && unitKind == ResponsibleKind.Department) || (kind == OfficerUnitKind.Commune && unitKind == ResponsibleKind.Commune);
}
