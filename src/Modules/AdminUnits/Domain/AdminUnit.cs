using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Mekong.Platform.Text;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Domain;

/// <summary>
/// One version of an administrative unit: valid from <see cref="ValidFrom"/> (inclusive) to <see cref="ValidTo"/>
/// (exclusive, null while in force). A reorganisation ends a version and starts another, so a record dated 2024
/// still resolves to the unit of its day.
/// </summary>
internal sealed class AdminUnit
{
    private AdminUnit()
    {
        JurisdictionCode = Code = NameVi = NameEn = SearchKey = string.Empty;
        Geometry = Geo.Factory.CreateMultiPolygon();
    }

    public long Id { get; private set; }

    public string JurisdictionCode { get; private set; }

    /// <summary>The official code (<i>mã đơn vị hành chính</i>): 2 digits for a province, 3 for a district, 5 for a commune.</summary>
    public string Code { get; private set; }

    public AdminLevel Level { get; private set; }

    public UnitKind Kind { get; private set; }

    public const int MaxNameLength = 200;

    public string NameVi { get; private set; }

    public string NameEn { get; private set; }

    /// <summary>Folded Vietnamese and English names, for diacritic-insensitive search.</summary>
    public string SearchKey { get; private set; }

    public string? ParentCode { get; private set; }

    public Geometry Geometry { get; private set; }

    public double MinLon { get; private set; }

    public double MinLat { get; private set; }

    public double MaxLon { get; private set; }

    public double MaxLat { get; private set; }

    public double AreaKm2 { get; private set; }

    public int? Population { get; private set; }

    public int? Households { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public static AdminUnit Create(
        string jurisdictionCode, string code, AdminLevel level, UnitKind kind, string nameVi, string? nameEn,
        string? parentCode, Geometry geometry, int? population, int? households, DateOnly validFrom, DateOnly? validTo = null)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw DomainException.Invalid("An administrative unit needs a code.");
        }

        if (string.IsNullOrWhiteSpace(nameVi))
        {
            throw DomainException.Invalid($"Administrative unit {code} needs a Vietnamese name.");
        }

        if (NameProblem(nameVi, nameEn) is { } nameProblem)
        {
            throw DomainException.Invalid($"Administrative unit {code}: {nameProblem}");
        }

        if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty)
        {
            throw DomainException.Invalid($"Administrative unit {code} needs a polygon geometry.");
        }

        if (validTo is { } end && end <= validFrom)
        {
            throw DomainException.Invalid($"Administrative unit {code} ends ({end:yyyy-MM-dd}) before it starts ({validFrom:yyyy-MM-dd}).");
        }

        if (population < 0 || households < 0)
        {
            throw DomainException.Invalid($"Administrative unit {code} has a negative population or household count.");
        }

        var unit = new AdminUnit
        {
            JurisdictionCode = jurisdictionCode,
            Code = code.Trim(),
            Level = level,
            Kind = kind,
            NameVi = nameVi.Trim(),
            NameEn = string.IsNullOrWhiteSpace(nameEn) ? TextFolding.Fold(nameVi) : nameEn.Trim(),
            ParentCode = string.IsNullOrWhiteSpace(parentCode) ? null : parentCode.Trim(),
            Population = population,
            Households = households,
            ValidFrom = validFrom,
            ValidTo = validTo,
        };
        unit.SetGeometry(geometry);
        unit.SearchKey = $"{TextFolding.Fold(unit.NameVi)} | {TextFolding.Fold(unit.NameEn)} | {unit.Code}";
        return unit;
    }

    /// <summary>
    /// Why a unit's names are not acceptable (at most <see cref="MaxNameLength"/> characters, no control characters);
    /// null when they are. An importer asks before it creates the unit, to reject the one feature rather than the file.
    /// </summary>
    public static string? NameProblem(string nameVi, string? nameEn) =>
        PlainText.Problem(nameVi.Trim(), MaxNameLength) is { } vi ? "the Vietnamese name " + vi
        : PlainText.Problem(nameEn?.Trim(), MaxNameLength) is { } en ? "the English name " + en
        : null;

    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date < ValidTo);

    /// <summary>
    /// The version rules of a boundary import dated <paramref name="validFrom"/>, for one code: no version in force
    /// that day — a new one is created; the same content — nothing changes; a version that starts that same day — it is
    /// corrected in place; otherwise the version in force ends that day and a new one takes over until the old one would
    /// have ended. The new version, when there is one, is in <see cref="VersionRevision.Added"/> for the caller to store.
    /// </summary>
    public static VersionRevision Revise(AdminUnit? current, string jurisdictionCode, string code, AdminLevel level, UnitContent content, DateOnly validFrom)
    {
        if (current is null)
        {
            return new(VersionChange.Created, Create(jurisdictionCode, code, level, content, validFrom, null));
        }

        if (current.Code != code || current.JurisdictionCode != jurisdictionCode || current.Level != level || !current.IsValidOn(validFrom))
        {
            throw DomainException.Conflict($"Unit {current.Code} ({current.ValidFrom:yyyy-MM-dd}) is not the version of {code} in force on {validFrom:yyyy-MM-dd}.");
        }

        if (current.HasSameContent(content.NameVi, content.NameEn, content.ParentCode, content.Geometry, content.Population, content.Households))
        {
            return new(VersionChange.Unchanged, null);
        }

        if (current.ValidFrom == validFrom)
        {
            current.CorrectVersion(validFrom, content.Kind, content.NameVi, content.NameEn, content.ParentCode, content.Geometry, content.Population, content.Households);
            return new(VersionChange.Corrected, null);
        }

        var until = current.ValidTo;
        current.End(validFrom);
        return new(VersionChange.Superseded, Create(jurisdictionCode, code, level, content, validFrom, until));
    }

    /// <summary>
    /// A unit the import's file no longer lists: it ends on <paramref name="date"/> and stays as history, unless its
    /// version starts that same day (an earlier import of that date made it): then it never was in force, and is withdrawn.
    /// </summary>
    public Retirement Retire(DateOnly date)
    {
        if (ValidFrom == date)
        {
            return Retirement.Withdrawn;
        }

        End(date);
        return Retirement.Ended;
    }

    /// <summary>Ends this version on <paramref name="date"/> (the first day it no longer applies).</summary>
    public void End(DateOnly date)
    {
        if (date <= ValidFrom)
        {
            throw DomainException.Conflict($"Unit {Code} cannot end on {date:yyyy-MM-dd}: its version starts on {ValidFrom:yyyy-MM-dd}.");
        }

        if (ValidTo is not null && ValidTo <= date)
        {
            throw DomainException.Conflict($"Unit {Code} already ended on {ValidTo:yyyy-MM-dd}.");
        }

        ValidTo = date;
    }

    /// <summary>
    /// Whether a boundary file describes this version again: same names, parent, counts, and a boundary whose symmetric
    /// difference is under 0.01 % of its area (re-projection and re-digitising move vertices by millimetres).
    /// </summary>
    public bool HasSameContent(string nameVi, string? nameEn, string? parentCode, Geometry geometry, int? population, int? households)
    {
        var effectiveNameEn = string.IsNullOrWhiteSpace(nameEn) ? TextFolding.Fold(nameVi) : nameEn.Trim();
        if (NameVi != nameVi.Trim() || NameEn != effectiveNameEn || ParentCode != (string.IsNullOrWhiteSpace(parentCode) ? null : parentCode.Trim())
            || Population != population || Households != households)
        {
            return false;
        }

        if (Geometry.EqualsExact(geometry is Polygon p ? Geo.Factory.CreateMultiPolygon([p]) : geometry))
        {
            return true;
        }

        var area = Math.Max(Geometry.Area, geometry.Area);
        return area > 0 && Geometry.SymmetricDifference(geometry).Area < area * 1e-4;
    }

    /// <summary>
    /// Replaces the content of a version that starts on <paramref name="validFrom"/>, when an import for the same date is
    /// run again with corrections: a second version from the same day would say the unit changed on a day it did not.
    /// </summary>
    public void CorrectVersion(DateOnly validFrom, UnitKind kind, string nameVi, string? nameEn, string? parentCode, Geometry geometry, int? population, int? households)
    {
        if (ValidFrom != validFrom)
        {
            throw DomainException.Conflict($"Unit {Code}: only the version that starts on {validFrom:yyyy-MM-dd} can be corrected in place; this one starts on {ValidFrom:yyyy-MM-dd}.");
        }

        var corrected = Create(JurisdictionCode, Code, Level, kind, nameVi, nameEn, parentCode, geometry, population, households, ValidFrom, ValidTo);
        (Kind, NameVi, NameEn, ParentCode, Population, Households, SearchKey) =
            (corrected.Kind, corrected.NameVi, corrected.NameEn, corrected.ParentCode, corrected.Population, corrected.Households, corrected.SearchKey);
        SetGeometry(corrected.Geometry);
    }

    private static AdminUnit Create(string jurisdictionCode, string code, AdminLevel level, UnitContent content, DateOnly validFrom, DateOnly? validTo) =>
        Create(jurisdictionCode, code, level, content.Kind, content.NameVi, content.NameEn, content.ParentCode, content.Geometry, content.Population, content.Households, validFrom, validTo);

    private void SetGeometry(Geometry geometry)
    {
        geometry.SRID = Geo.Wgs84;
        Geometry = geometry is Polygon polygon ? Geo.Factory.CreateMultiPolygon([polygon]) : geometry;
        var box = BoundingBox.Of(Geometry);
        (MinLon, MinLat, MaxLon, MaxLat) = (box.MinLon, box.MinLat, box.MaxLon, box.MaxLat);
        var (perLon, perLat) = Geo.MetresPerDegree((MinLat + MaxLat) / 2);
        AreaKm2 = Math.Round(Geometry.Area * perLon * perLat / 1_000_000, 3);
    }
}

/// <summary>What a boundary file says of one unit: the content of a version, without its dates.</summary>
internal sealed record UnitContent(UnitKind Kind, string NameVi, string? NameEn, string? ParentCode, Geometry Geometry, int? Population, int? Households);

/// <summary>What <see cref="AdminUnit.Revise"/> did to a unit's versions.</summary>
internal enum VersionChange
{
    Created,
    Corrected,
    Superseded,
    Unchanged,
}

/// <summary>The change, and the new version to store when there is one (created, or superseding the one that ended).</summary>
internal sealed record VersionRevision(VersionChange Change, AdminUnit? Added);

/// <summary>How a unit the file no longer lists leaves: ended (kept as history) or withdrawn (never was in force: delete it).</summary>
internal enum Retirement
{
    Ended,
    Withdrawn,
}
