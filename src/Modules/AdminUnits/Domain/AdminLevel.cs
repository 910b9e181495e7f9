namespace Mekong.Modules.AdminUnits.Domain;

/// <summary>
/// Levels of Vietnam's administrative units. Since 1 July 2025 the model has two levels, province (<i>tỉnh</i> /
/// <i>thành phố trực thuộc trung ương</i>) and commune (<i>xã</i>, <i>phường</i>, <i>đặc khu</i>); the district level
/// (<i>huyện</i>, <i>quận</i>, <i>thị xã</i>, <i>thành phố thuộc tỉnh</i>) survives only as historic units.
/// </summary>
internal enum AdminLevel
{
    Province = 1,
    District = 2,
    Commune = 3,
}

/// <summary>The kind of unit within its level, which Vietnamese names carry as a prefix.</summary>
internal enum UnitKind
{
    /// <summary>Tỉnh.</summary>
    Province,

    /// <summary>Thành phố trực thuộc trung ương.</summary>
    CentralCity,

    /// <summary>Huyện (historic).</summary>
    RuralDistrict,

    /// <summary>Quận (historic).</summary>
    UrbanDistrict,

    /// <summary>Thị xã (historic).</summary>
    Town,

    /// <summary>Thành phố thuộc tỉnh (historic).</summary>
    ProvincialCity,

    /// <summary>Xã.</summary>
    Commune,

    /// <summary>Phường.</summary>
    Ward,

    /// <summary>Thị trấn (historic).</summary>
    Township,

    /// <summary>Đặc khu (special zone, since 2025).</summary>
    SpecialZone,
}

internal static class AdminLevelNames
{
    public static string ToApi(this AdminLevel level) => level switch
    {
        AdminLevel.Province => "province",
        AdminLevel.District => "district",
        _ => "commune",
    };

    public static bool TryParse(string? text, out AdminLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "province":
                level = AdminLevel.Province;
                return true;
            case "district":
                level = AdminLevel.District;
                return true;
            case "commune":
            case "ward":
                level = AdminLevel.Commune;
                return true;
            default:
                level = default;
                return false;
        }
    }

    /// <summary>
    /// The kind a Vietnamese name announces by its prefix ("Phường Tân An" is a ward); the level's usual kind when the
    /// name carries none.
    /// </summary>
    public static UnitKind KindFromName(AdminLevel level, string nameVi)
    {
        var name = nameVi.Trim().Normalize(System.Text.NormalizationForm.FormC);
        bool Starts(string prefix) => name.StartsWith(prefix + " ", StringComparison.OrdinalIgnoreCase);
        return level switch
        {
            AdminLevel.Province => Starts("Thành phố") ? UnitKind.CentralCity : UnitKind.Province,
            AdminLevel.District when Starts("Quận") => UnitKind.UrbanDistrict,
            AdminLevel.District when Starts("Thị xã") => UnitKind.Town,
            AdminLevel.District when Starts("Thành phố") => UnitKind.ProvincialCity,
            AdminLevel.District => UnitKind.RuralDistrict,
            _ when Starts("Phường") => UnitKind.Ward,
            _ when Starts("Thị trấn") => UnitKind.Township,
            _ when Starts("Đặc khu") => UnitKind.SpecialZone,
            _ => UnitKind.Commune,
        };
    }

    public static string ToApi(this UnitKind kind) => kind switch
    {
        UnitKind.Province => "province",
        UnitKind.CentralCity => "central-city",
        UnitKind.RuralDistrict => "rural-district",
        UnitKind.UrbanDistrict => "urban-district",
        UnitKind.Town => "town",
        UnitKind.ProvincialCity => "provincial-city",
        UnitKind.Commune => "commune",
        UnitKind.Ward => "ward",
        UnitKind.Township => "township",
        _ => "special-zone",
    };
}
