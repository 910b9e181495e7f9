using System.Net;
using System.Net.Http.Json;
using System.Text;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests.PublicServices;

/// <summary>The procedure catalogue on the real server: search without diacritics and by code, filters, import with a dry run and errors by line, export round trip.</summary>
public abstract class CatalogueTests(PublicServicesFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_ignores_diacritics_finds_by_code_and_filters()
    {
        var client = app.Resident();
        var found = await client.GetJsonAsync("/api/v1/procedures?q=khai%20sinh");
        var names = found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("nameVi").GetString()).ToList();
        Assert.Contains("Đăng ký khai sinh", names);
        Assert.Equal(names.Count, found.GetProperty("total").GetInt32());

        var byCode = await client.GetJsonAsync("/api/v1/procedures?q=1.001193");
        Assert.Equal("Đăng ký khai sinh", Assert.Single(byCode.GetProperty("items").EnumerateArray()).GetProperty("nameVi").GetString());
        var english = await client.GetJsonAsync("/api/v1/procedures?q=BIRTH%20registration");
        Assert.Contains(english.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "1.001193");

        var province = await client.GetJsonAsync("/api/v1/procedures?level=province&agency=sxd&limit=500");
        Assert.NotEmpty(province.GetProperty("items").EnumerateArray());
        Assert.All(province.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("province", i.GetProperty("level").GetString());
            Assert.Equal("SXD", i.GetProperty("agency").GetString());
        });
        var field = await client.GetJsonAsync("/api/v1/procedures?field=H%E1%BB%99%20t%E1%BB%8Bch&limit=500");
        Assert.All(field.GetProperty("items").EnumerateArray(), i => Assert.Equal("Hộ tịch", i.GetProperty("field").GetString()));

        // Paging: the list form's next link walks the whole catalogue.
        var first = await client.GetJsonAsync("/api/v1/procedures?limit=15");
        var next = first.GetProperty("next").GetString()!;
        var second = await client.GetJsonAsync(next);
        Assert.True(first.GetProperty("total").GetInt32() >= 40);
        Assert.Empty(first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString())
            .Intersect(second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString())));

        var bad = await Http.ProblemAsync(await client.GetAsync("/api/v1/procedures?level=district&limit=0", Ct), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("level", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/procedures/NO.SUCH", Ct)).StatusCode);

        // The portal page finds it too.
        var page = await client.GetStringAsync("/public-services?q=khai+sinh", Ct);
        Assert.Contains("Đăng ký khai sinh", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_is_checked_whole_a_dry_run_writes_nothing_and_a_bad_file_nothing_at_all()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var code = "T." + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var good = Csv($"{code},Thủ tục thử nghiệm,Test procedure,Thử nghiệm,province,SXD,5,10000,,true,,true,Tờ khai,\"[{{\"\"code\"\":\"\"don\"\",\"\"nameVi\"\":\"\"Đơn\"\",\"\"nameEn\"\":\"\"Form\"\",\"\"required\"\":true}}]\",");

        var dry = await Http.JsonAsync(await PostCsvAsync(admin, good, dryRun: true), HttpStatusCode.OK);
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, dry.GetProperty("created").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Resident().GetAsync($"/api/v1/procedures/{code}", Ct)).StatusCode);

        // A good row beside bad ones: each error by line and field, and the good row is not written either.
        var other = code + "B";
        var mixed = Csv(
            $"{other},Thủ tục khác,,Thử nghiệm,province,SXD,5,0,,false,,true,,,",
            $"{code}X,,,Thử nghiệm,district,NOPE,-1,0,,maybe,,true,,,",
            $"{other},Trùng mã,,Thử nghiệm,province,SXD,5,0,,false,,true,,,");
        var problem = await Http.ProblemAsync(await PostCsvAsync(admin, mixed, dryRun: false), HttpStatusCode.BadRequest);
        var keys = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("line 3: row", keys); // "maybe" is no boolean
        Assert.Contains("line 4: code", keys); // the same code as line 2
        Assert.Equal(HttpStatusCode.NotFound, (await app.Resident().GetAsync($"/api/v1/procedures/{other}", Ct)).StatusCode);

        var real = await Http.JsonAsync(await PostCsvAsync(admin, good, dryRun: false), HttpStatusCode.OK);
        Assert.Equal(1, real.GetProperty("created").GetInt32());
        var stored = await app.Resident().GetJsonAsync($"/api/v1/procedures/{code}");
        Assert.Equal("Test procedure", stored.GetProperty("nameEn").GetString());
        Assert.Equal("don", stored.GetProperty("documents")[0].GetProperty("code").GetString());

        // The export imports again unchanged (CSV and JSON).
        var csv = await admin.GetStringAsync("/api/v1/admin/procedures/export?format=csv", Ct);
        var again = await Http.JsonAsync(await PostCsvAsync(admin, csv, dryRun: true), HttpStatusCode.OK);
        Assert.Equal(0, again.GetProperty("created").GetInt32() + again.GetProperty("updated").GetInt32());
        var json = await admin.GetStringAsync("/api/v1/admin/procedures/export?format=json", Ct);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var jsonAgain = await Http.JsonAsync(await admin.PostAsync("/api/v1/admin/procedures/import?dryRun=true", content, Ct), HttpStatusCode.OK);
        Assert.True(jsonAgain.GetProperty("unchanged").GetInt32() >= 41);

        // Edited one at a time: a wrong agency is named.
        var put = await admin.PutAsJsonAsync($"/api/v1/admin/procedures/{code}", new { code, nameVi = "Thủ tục thử nghiệm", field = "Thử nghiệm", level = "province", agency = "NOPE", processingDays = 5 }, Ct);
        Assert.True((await Http.ProblemAsync(put, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("agency", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.AsAsync(DossierFlowTests.Desk)).GetAsync("/api/v1/admin/procedures/export", Ct)).StatusCode);
    }

    private static string Csv(params string[] rows) =>
        "code,name_vi,name_en,field,level,agency,processing_days,fee_vnd,fee_note,fully_online,legal_basis,active,forms,documents,form_fields\n" + string.Join("\n", rows) + "\n";

    private static async Task<HttpResponseMessage> PostCsvAsync(HttpClient admin, string csv, bool dryRun)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await admin.PostAsync($"/api/v1/admin/procedures/import?dryRun={(dryRun ? "true" : "false")}", content, Ct);
    }
}

[Collection(PublicServicesSqlite.Name)]
public sealed class CatalogueTests_Sqlite(PublicServicesSqlite app) : CatalogueTests(app);

[Collection(PublicServicesPostgreSql.Name)]
public sealed class CatalogueTests_PostgreSql(PublicServicesPostgreSql app) : CatalogueTests(app);
