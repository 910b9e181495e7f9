using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Demo;
using Mekong.Platform.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.AdminUnits.Demo;

/// <summary>Seeds the synthetic province "Tỉnh Phù Sa": the jurisdiction, its units under both models. First of all seeders.</summary>
internal sealed class AdminUnitsDemoSeeder(AdminUnitsDbContext db, IEventPublisher events, ILogger<AdminUnitsDemoSeeder> logger) : IDemoSeeder
{
    public int Order => 0;

    public string Name => "admin-units";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (await db.Jurisdictions.AnyAsync(j => j.Code == context.JurisdictionCode, cancellationToken))
        {
            return;
        }

        var province = DemoProvinceGenerator.Generate(context.Seed);
        var jurisdiction = Jurisdiction.Create(context.JurisdictionCode, $"{province.Province.NameVi} (dữ liệu mô phỏng)", $"{province.Province.NameEn} (synthetic data)", isSynthetic: true, context.Clock);
        jurisdiction.UpdateSettings(jurisdiction.NameVi, jurisdiction.NameEn, "0200 000 000", "ioc@phusa.example", null, context.Clock);
        db.Jurisdictions.Add(jurisdiction);
        foreach (var unit in province.All)
        {
            db.AdminUnits.Add(AdminUnit.Create(
                context.JurisdictionCode, unit.Code, unit.Level, unit.Kind, unit.NameVi, unit.NameEn, unit.ParentCode,
                unit.Geometry, unit.Population, unit.Households, unit.ValidFrom, unit.ValidTo));
        }

        // One SaveChanges is one transaction: the province appears whole or not at all.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Demo province {Name}: {Communes} communes and wards, {Districts} historic districts, {Former} historic communes",
            province.Province.NameVi, province.Communes.Count, province.Districts.Count, province.FormerCommunes.Count);
        await events.PublishAsync(new AdminUnitsChanged(context.JurisdictionCode, "commune"), cancellationToken);
    }
}
