using Mekong.Modules.AdminUnits.Domain;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.AdminUnits.Demo;

/// <summary>One generated unit of the synthetic demo province.</summary>
internal sealed record DemoUnit(
    string Code,
    AdminLevel Level,
    UnitKind Kind,
    string NameVi,
    string NameEn,
    string? ParentCode,
    Geometry Geometry,
    int Population,
    int Households,
    DateOnly ValidFrom,
    DateOnly? ValidTo);

/// <summary>
/// The synthetic province: the province itself, its pre-2025 districts and communes (historic, ended on
/// 2025-07-01) and its communes and wards under the two-level model (from 2025-07-01).
/// </summary>
internal sealed record DemoProvince(
    DemoUnit Province,
    IReadOnlyList<DemoUnit> Districts,
    IReadOnlyList<DemoUnit> FormerCommunes,
    IReadOnlyList<DemoUnit> Communes)
{
    public static readonly DateOnly ReorganisationDate = new(2025, 7, 1);

    public IEnumerable<DemoUnit> All => [Province, .. Districts, .. FormerCommunes, .. Communes];
}
