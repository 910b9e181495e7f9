namespace Mekong.Modules.AdminUnits.Contracts;

/// <summary>A jurisdiction as other modules see it.</summary>
public sealed record JurisdictionInfo(string Code, string NameVi, string NameEn, string TimeZone, string? Hotline, string? Email, string? Website, bool IsSynthetic);

/// <summary>The size of a jurisdiction on a date: its communes (<i>xã, phường, đặc khu</i>) and their population.</summary>
public sealed record JurisdictionSummary(string JurisdictionCode, int Communes, long Population);

/// <summary>An administrative unit version as other modules see it. <c>Level</c> is province, district or commune.</summary>
public sealed record AdminUnitInfo(
    string Code,
    string NameVi,
    string NameEn,
    string Level,
    string Kind,
    string? ParentCode,
    string JurisdictionCode,
    DateOnly ValidFrom,
    DateOnly? ValidTo);

/// <summary>
/// What other modules may ask of the jurisdictions and administrative units: the commune of a point (reports,
/// cameras, sensors group by it) and a unit by code, each at a date.
/// </summary>
public interface IAdminUnitDirectory
{
    Task<IReadOnlyList<JurisdictionInfo>> ListJurisdictionsAsync(CancellationToken cancellationToken);

    Task<JurisdictionInfo?> FindJurisdictionAsync(string code, CancellationToken cancellationToken);

    /// <summary>The lowest-level unit containing the point on <paramref name="at"/> (today in Vietnam when null).</summary>
    Task<AdminUnitInfo?> LocateAsync(double latitude, double longitude, DateOnly? at, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="LocateAsync"/> for many points at once (an import's places): the units are read once and the points
    /// tested in memory. One answer per point, in order; null where no unit contains it. Added for issue 17.
    /// </summary>
    Task<IReadOnlyList<AdminUnitInfo?>> LocateManyAsync(IReadOnlyList<(double Latitude, double Longitude)> points, DateOnly? at, CancellationToken cancellationToken);

    Task<AdminUnitInfo?> FindAsync(string code, DateOnly? at, CancellationToken cancellationToken);

    /// <summary>
    /// The communes of <paramref name="jurisdictionCode"/> valid on <paramref name="at"/> (today in Vietnam when null)
    /// that a commune's code or name stands for: the commune itself while it exists; for a former commune (ended by a
    /// reorganisation such as that of 1 July 2025) the current communes that took in its area. The name is matched
    /// folded (no tones, any case), with or without its kind ("Xã An Long" or "an long"). Empty when nothing matches.
    /// Added for the places directory's <c>commune=</c> filter (issue 17).
    /// </summary>
    Task<IReadOnlyList<AdminUnitInfo>> ResolveCommuneAsync(string jurisdictionCode, string nameOrCode, DateOnly? at, CancellationToken cancellationToken);

    /// <summary>Commune count and population of a jurisdiction on <paramref name="at"/> (today in Vietnam when null).</summary>
    Task<JurisdictionSummary> SummarizeAsync(string jurisdictionCode, DateOnly? at, CancellationToken cancellationToken);

    /// <summary>The communes of a jurisdiction on <paramref name="at"/> (today in Vietnam when null), by Vietnamese name (a form's commune list).</summary>
    Task<IReadOnlyList<AdminUnitInfo>> ListCommunesAsync(string jurisdictionCode, DateOnly? at, CancellationToken cancellationToken);

    /// <summary>
    /// The boundary (WGS 84, longitude as X) of the unit <paramref name="code"/> valid on <paramref name="at"/> (today in
    /// Vietnam when null); a copy the caller may change. Null for an unknown code. Added for public warnings (issue 15:
    /// a CAP area's polygon is built from the affected communes' boundaries).
    /// </summary>
    Task<NetTopologySuite.Geometries.Geometry?> BoundaryAsync(string code, DateOnly? at, CancellationToken cancellationToken);
}

/// <summary>Published after a jurisdiction's units changed (demo seed, import), so map layers and caches refresh.</summary>
public sealed record AdminUnitsChanged(string JurisdictionCode, string Level);
