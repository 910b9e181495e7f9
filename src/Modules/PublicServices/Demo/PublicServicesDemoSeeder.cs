using System.Diagnostics;
using System.Globalization;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Features.Catalogue;
using Mekong.Modules.PublicServices.Features.Dossiers;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform;
using Mekong.Platform.Demo;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.PublicServices.Demo;

/// <summary>
/// The demo's catalogue (forty procedures) and a year of dossiers in every state, each walked through the real
/// workflow methods on a replayed clock (so the history, due dates and on-time figures are what the rules make),
/// then written with two bulk inserts. No e-mails: the past is not told again. Demo dossiers carry no files.
/// </summary>
internal sealed class PublicServicesDemoSeeder(
    PublicServicesDbContext db, ProcedureCatalogue catalogue, CommuneList communes, WorkingCalendar calendar,
    ILogger<PublicServicesDemoSeeder> logger) : IDemoSeeder
{
    public const int DossierCount = 400;

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương", "Lý"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Thu", "Gia", "Đức"];
    private static readonly string[] GivenNames = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khang", "Lan", "Linh", "Long", "Mai", "Nam", "Nhung", "Phúc", "Quân", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];
    private static readonly string[] Streets = ["Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Nguyễn Trãi", "Lý Thường Kiệt", "Điện Biên Phủ", "Hùng Vương", "Quang Trung", "ấp Phú Mỹ", "ấp Tân Thành"];

    public int Order => 50;

    public string Name => "public-services";

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var jurisdiction = context.JurisdictionCode;
        if (!await db.Procedures.AnyAsync(p => p.JurisdictionCode == jurisdiction, cancellationToken))
        {
            var rows = PublicServicesDemoCatalogue.Definitions().Select((d, i) => (i + 1, (ProcedureDefinition?)d, (string?)null)).ToList();
            var summary = await catalogue.ImportAsync(jurisdiction, rows, dryRun: false, cancellationToken);
            if (summary.Errors.Count > 0)
            {
                throw new InvalidOperationException("The demo catalogue does not import: " + string.Join("; ", summary.Errors.Select(e => $"{e.Line} {e.Field}: {e.Message}")));
            }
        }

        if (await db.Dossiers.AnyAsync(d => d.JurisdictionCode == jurisdiction, cancellationToken))
        {
            return;
        }

        var procedures = await db.Procedures.AsNoTracking().Where(p => p.JurisdictionCode == jurisdiction).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        var communeCodes = (await communes.ListAsync(jurisdiction, cancellationToken)).Select(c => c.Code).ToList();
        if (procedures.Count == 0 || communeCodes.Count == 0)
        {
            return;
        }

        var random = context.RandomFor(Name);
        var now = context.Clock.GetUtcNow();
        var replay = new ReplayClock(now);
        var dossiers = new List<Dossier>(DossierCount);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < DossierCount; i++)
        {
            // Weighted to the common ones: civil status and residence procedures are most of a commune's counter.
            var procedure = procedures[random.NextDouble() < 0.5 ? random.Next(Math.Min(10, procedures.Count)) : random.Next(procedures.Count)];
            var daysAgo = Math.Pow(random.NextDouble(), 0.8) * 365;
            var submitted = WorkingHour(now.AddDays(-daysAgo), random);
            replay.Set(submitted);
            var commune = communeCodes[random.Next(communeCodes.Count)];
            var applicant = new Applicant
            {
                FullName = $"{FamilyNames[random.Next(FamilyNames.Length)]} {MiddleNames[random.Next(MiddleNames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}",
                IdentityNumber = "0" + random.Next(1, 97).ToString("00", CultureInfo.InvariantCulture) + random.NextInt64(0, 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture),
                Phone = "09" + random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture),
                Address = $"{random.Next(1, 300)} {Streets[random.Next(Streets.Length)]}",
                CommuneCode = commune,
            };
            var values = procedure.FormFields.ToDictionary(f => f.Key, f => DemoValue(f, random), StringComparer.Ordinal);
            if (procedure.FormFields.FirstOrDefault(f => f.Type == FormFieldType.Address) is { } address)
            {
                values[address.Key] = applicant.Address;
                values[address.Key + FormField.CommuneSuffix] = commune;
            }

            string code;
            do
            {
                code = Dossier.NewCode(jurisdiction, submitted);
            }
            while (!codes.Add(code));

            var online = random.NextDouble() < (procedure.FullyOnline ? 0.8 : 0.35);
            var dossier = Dossier.Submit(procedure, applicant, values, [], online, null, "vi", replay, code);
            Walk(dossier, procedure, random, replay, now);
            dossiers.Add(dossier);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.BulkInsertAsync(dossiers, cancellationToken);
        var ids = await db.Dossiers.AsNoTracking().Where(d => d.JurisdictionCode == jurisdiction).Select(d => new { d.Id, d.Code })
            .ToDictionaryAsync(d => d.Code, d => d.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var dossier in dossiers)
        {
            foreach (var step in dossier.History)
            {
                step.BelongTo(ids[dossier.Code]);
            }
        }

        await db.BulkInsertAsync(dossiers.SelectMany(d => d.History), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Public services demo: {Procedures} procedures, {Dossiers} dossiers in {Elapsed} ms", procedures.Count, dossiers.Count, watch.ElapsedMilliseconds);
    }

    /// <summary>Takes the dossier as far as its age allows: most old ones are returned, a few late or refused; recent ones are still open.</summary>
    private void Walk(Dossier d, Procedure procedure, Random random, ReplayClock replay, DateTimeOffset now)
    {
        bool Step(double workingDays)
        {
            var at = replay.GetUtcNow();
            var target = calendar.AddWorkingDays(Dossier.LocalDate(at), (int)Math.Floor(workingDays));
            var next = WorkingHour(new DateTimeOffset(target.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)).ToUniversalTime(), random);
            if (next <= at)
            {
                next = at.AddMinutes(random.Next(20, 240));
            }

            if (next >= now)
            {
                return false;
            }

            replay.Set(next);
            return true;
        }

        if (!Step(random.NextDouble() * 1.2))
        {
            return;
        }

        if (random.NextDouble() < 0.03)
        {
            d.Reject("demo:motcua", "Hồ sơ không thuộc thẩm quyền giải quyết; đề nghị nộp tại cơ quan đúng thẩm quyền.", replay);
            return;
        }

        if (random.NextDouble() < 0.12)
        {
            d.RequestSupplement("demo:motcua", "Đề nghị bổ sung bản chụp rõ nét của giấy tờ tùy thân.", replay);
            if (!Step(1 + (random.NextDouble() * 4)))
            {
                return;
            }

            d.Supplement([], "Đã bổ sung theo yêu cầu.", "applicant", calendar, replay);
        }

        d.Receive("demo:motcua", calendar, replay);
        if (!Step(random.NextDouble() * 0.6))
        {
            return;
        }

        d.StartProcessing("demo:xuly", replay);
        // About 94 % on time: most results well inside the legal time, some on the last day, a few late.
        var roll = random.NextDouble();
        var used = procedure.ProcessingDays * (roll < 0.80 ? random.NextDouble() * 0.8 : roll < 0.94 ? 0.8 + (random.NextDouble() * 0.2) : 1.1 + (random.NextDouble() * 0.6));
        if (random.NextDouble() < 0.05)
        {
            d.RequestSupplement("demo:xuly", "Đề nghị bổ sung bản vẽ/giấy tờ còn thiếu theo quy định.", replay);
            if (!Step(1 + (random.NextDouble() * 3)))
            {
                return;
            }

            d.Supplement([], "Đã bổ sung.", "applicant", calendar, replay);
        }

        if (!Step(Math.Max(0, used)))
        {
            return;
        }

        d.CompleteResult("demo:xuly", null, null, replay);
        if (!Step(random.NextDouble() * 2))
        {
            return;
        }

        if (d.FeeVnd > 0)
        {
            d.RecordPayment(d.Online && random.NextDouble() < 0.6 ? "gateway" : "counter", d.FeeVnd, null, "demo:motcua", replay);
        }

        d.ReturnResult("demo:motcua", replay);
    }

    private static DateTimeOffset WorkingHour(DateTimeOffset day, Random random)
    {
        var local = VietnamTime.ToLocal(day);
        var start = new DateTimeOffset(local.Year, local.Month, local.Day, 7, 30, 0, TimeSpan.FromHours(7));
        return start.AddMinutes(random.Next(0, 9 * 60)).ToUniversalTime();
    }

    private static string DemoValue(FormField field, Random random) => field.Type switch
    {
        FormFieldType.Number => random.Next(1, 200).ToString(CultureInfo.InvariantCulture),
        FormFieldType.Date => new DateOnly(2026, 1, 1).AddDays(-random.Next(0, 3000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        FormFieldType.Choice => field.Options is { Count: > 0 } o ? o[random.Next(o.Count)] : string.Empty,
        FormFieldType.IdentityNumber => "0" + random.Next(1, 97).ToString("00", CultureInfo.InvariantCulture) + random.NextInt64(0, 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture),
        _ => $"{GivenNames[random.Next(GivenNames.Length)]} {random.Next(1, 99).ToString(CultureInfo.InvariantCulture)}",
    };

    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Set(DateTimeOffset at) => _now = at;
    }
}
