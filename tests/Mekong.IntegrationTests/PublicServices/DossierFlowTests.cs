using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.PublicServices.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.PublicServices;

/// <summary>
/// A resident's dossier on the real server: submitted through the portal form with an attachment, tracked without an
/// account, worked by the one-stop desk and the commune, the applicant told by e-mail at the loopback SMTP server,
/// every read of personal data logged, and another unit kept out. Each test makes its own dossiers.
/// </summary>
public abstract class DossierFlowTests(PublicServicesFixture app)
{
    public const string BirthRegistration = "1.001193";
    public const string Desk = "motcua@phusa.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A small real PDF (the file store checks documents by content).</summary>
    public static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    [Fact]
    public async Task A_dossier_goes_from_the_portal_through_the_desk_and_the_commune_with_an_email_at_each_step()
    {
        var commune = await CommuneWithOfficerAsync();
        var email = $"an.{Guid.NewGuid():N}@example.vn";
        var resident = app.Resident();
        var submitted = await SubmitAsync(resident, commune, email: email, phone: "0912 345 678");
        var code = submitted.GetProperty("code").GetString()!;
        var token = submitted.GetProperty("token").GetString()!;
        Assert.Matches(@"^90-\d{6}-[2-9A-Z]{6}$", code);

        // Tracked without an account, by code and the phone written another way.
        var tracked = await TrackAsync(resident, code, "+84912345678", HttpStatusCode.OK);
        Assert.Equal("submitted", tracked.GetProperty("status").GetString());
        Assert.False(tracked.TryGetProperty("fullName", out _));

        var desk = await app.AsAsync(Desk);
        var officer = await app.AsAsync($"canbo.{commune}@phusa.example");
        var queue = await desk.GetJsonAsync("/api/v1/public-services/dossiers?queue=desk&status=submitted&limit=500");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);

        // The desk asks for a supplement; the resident adds it with the receipt's token.
        await StepAsync(desk, code, "supplement-request", new { message = "Ảnh giấy chứng sinh bị mờ, đề nghị chụp lại." });
        using (var supplement = new MultipartFormDataContent
               {
                   { new StringContent(await TokenAsync(resident)), "__RequestVerificationToken" },
                   { new StringContent(token), "t" },
                   { new StringContent("Đã chụp lại."), "message" },
                   { File(), "doc.giay-chung-sinh", "giay-chung-sinh.pdf" },
               })
        {
            var response = await resident.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/portal/public-services/dossiers/{code}/supplement") { Content = supplement, Headers = { { "Accept", "application/json" } } }, Ct);
            Assert.Equal("submitted", (await Http.JsonAsync(response, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        var received = await StepAsync(desk, code, "receive", new { });
        Assert.Equal("received", received.GetProperty("status").GetString());
        Assert.True(received.TryGetProperty("dueDate", out var due) && due.ValueKind == JsonValueKind.String);

        // The desk may not process: that is the commune's.
        var refused = await desk.PostAsJsonAsync($"/api/v1/public-services/dossiers/{code}/processing", new { }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await StepAsync(officer, code, "processing", new { });
        using (var result = new MultipartFormDataContent { { File(), "file", "giay-khai-sinh.pdf" }, { new StringContent("Đã cấp giấy khai sinh."), "message" } })
        {
            var response = await officer.PostAsync($"/api/v1/public-services/dossiers/{code}/result", result, Ct);
            var body = await Http.JsonAsync(response, HttpStatusCode.OK);
            Assert.Equal("result_ready", body.GetProperty("status").GetString());
            Assert.True(body.GetProperty("onTime").GetBoolean());
        }

        var returned = await StepAsync(desk, code, "return", new { });
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        Assert.Equal(
            ["submitted", "supplement_requested", "supplemented", "received", "processing", "result_ready", "returned"],
            returned.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("step").GetString()));

        // One e-mail per public step to the applicant, in Vietnamese, with the supplement request's message.
        var mails = await WaitForMailsAsync(email, 7);
        Assert.All(mails, m => Assert.Contains(code, m.Subject ?? string.Empty, StringComparison.Ordinal));
        Assert.Contains(mails, m => (m.TextBody ?? string.Empty).Contains("Ảnh giấy chứng sinh bị mờ", StringComparison.Ordinal));
        Assert.Contains(mails, m => (m.TextBody ?? string.Empty).Contains("Đã cấp giấy khai sinh.", StringComparison.Ordinal));

        // The officers' read of the dossier (with its personal data) is logged; the file is theirs to open.
        var full = await officer.GetJsonAsync($"/api/v1/public-services/dossiers/{code}");
        Assert.Equal("Nguyễn Thị Bích", full.GetProperty("fullName").GetString());
        var file = full.GetProperty("files").EnumerateArray().First().GetProperty("url").GetString()!;
        var opened = await officer.GetAsync(file, Ct);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("application/pdf", opened.Content.Headers.ContentType?.MediaType);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PublicServicesDbContext>();
            var reads = await db.PersonalDataReads.Where(r => r.DossierCode == code).Select(r => r.Purpose).ToListAsync(Ct);
            Assert.Equal(["api", "file"], reads.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Personal_data_stays_with_the_units_that_handle_the_dossier()
    {
        var commune = await CommuneWithOfficerAsync();
        var code = (await SubmitAsync(app.Resident(), commune, email: null, phone: "0988000111")).GetProperty("code").GetString()!;
        // An officer of the Department of Construction handles no birth registration: no queue line, no dossier, no step.
        var other = await app.AsAsync("truongphong.sxd@phusa.example");
        var queue = await other.GetJsonAsync("/api/v1/public-services/dossiers?limit=500");
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/public-services/dossiers/{code}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/public-services/dossiers/{code}/rejection", new { message = "x" }, Ct)).StatusCode);
        // An operator (the ops centre) is no officer of any dossier.
        var op = await app.AsAsync(Demo.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/v1/public-services/dossiers", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Resident().GetAsync($"/api/v1/public-services/dossiers/{code}", Ct)).StatusCode);

        // Out of order and without a reason: a named refusal, not a 500.
        var desk = await app.AsAsync(Desk);
        var early = await desk.PostAsJsonAsync($"/api/v1/public-services/dossiers/{code}/return", new { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var noReason = await Http.ProblemAsync(await desk.PostAsJsonAsync($"/api/v1/public-services/dossiers/{code}/rejection", new { message = " " }, Ct), HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Tracking_answers_a_wrong_code_and_a_wrong_contact_alike()
    {
        var commune = await CommuneWithOfficerAsync();
        var resident = app.Resident();
        var code = (await SubmitAsync(resident, commune, email: "chi@example.vn", phone: null)).GetProperty("code").GetString()!;

        Assert.Equal("submitted", (await TrackAsync(resident, code.ToLowerInvariant(), " CHI@example.vn ", HttpStatusCode.OK)).GetProperty("status").GetString());
        var wrongContact = await TrackAsync(resident, code, "other@example.vn", HttpStatusCode.NotFound);
        var wrongCode = await TrackAsync(resident, code[..^1] + (code[^1] == 'Z' ? 'Y' : 'Z'), "chi@example.vn", HttpStatusCode.NotFound);
        var empty = await TrackAsync(resident, code, "", HttpStatusCode.NotFound);
        Assert.Equal(wrongContact.GetProperty("detail").GetString(), wrongCode.GetProperty("detail").GetString());
        Assert.Equal(wrongContact.GetProperty("detail").GetString(), empty.GetProperty("detail").GetString());

        // The receipt: a page with the token, a PDF in Vietnamese (DejaVu embedded), nothing without the token.
        var own = await SubmitAsync(resident, commune, email: null, phone: "0977123456");
        var (ownCode, token) = (own.GetProperty("code").GetString()!, own.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/api/v1/portal/public-services/dossiers/{ownCode}/receipt.pdf?t=wrong", Ct)).StatusCode);
        var pdf = await resident.GetAsync($"/api/v1/portal/public-services/dossiers/{ownCode}/receipt.pdf?t={token}", Ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(bytes.AsSpan().StartsWith("%PDF-"u8));
        var page = await resident.GetAsync($"/public-services/dossiers/{ownCode}?t={token}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(ownCode, await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submission_with_mistakes_names_each_and_keeps_nothing()
    {
        var resident = app.Resident();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(resident)), "__RequestVerificationToken" },
            { new StringContent(BirthRegistration), "procedure" },
            { new StringContent("Nguyễn Thị Bích"), "fullName" },
            { new StringContent("12345"), "identityNumber" },
            { new StringContent("Khang"), "f.ho-ten-tre" },
            { new StringContent("31/02/2026"), "f.ngay-sinh-tre" },
            { new StringContent("Khác"), "f.gioi-tinh" },
            { new StringContent("12 Lê Lợi"), "f.dia-chi" },
            { new StringContent("99999"), "f.dia-chi.commune" },
            { new ByteArrayContent("not a document at all"u8.ToArray()), "doc.to-khai", "to-khai.pdf" },
        };
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var before = await scope.ServiceProvider.GetRequiredService<PublicServicesDbContext>().Dossiers.CountAsync(Ct);
            var problem = await Http.ProblemAsync(await PostJsonAcceptingAsync(resident, "/api/v1/portal/public-services/dossiers", form), HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "identityNumber", "phone", "fields.ngay-sinh-tre", "fields.gioi-tinh", "fields.dia-chi.commune", "documents.giay-chung-sinh" }, errors);
            Assert.Equal(before, await scope.ServiceProvider.GetRequiredService<PublicServicesDbContext>().Dossiers.CountAsync(Ct));
        }

        // Right fields, but a "PDF" that is not one: refused by content.
        var commune = await CommuneWithOfficerAsync();
        var garbage = await SubmitRawAsync(resident, commune, "0912000000", null, "not a pdf"u8.ToArray());
        var refused = await Http.ProblemAsync(garbage, HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("documents.to-khai", out _));

        // An unknown procedure is a 404 problem.
        using var unknown = new MultipartFormDataContent { { new StringContent(await TokenAsync(resident)), "__RequestVerificationToken" }, { new StringContent("NO.SUCH"), "procedure" } };
        Assert.Equal(HttpStatusCode.NotFound, (await PostJsonAcceptingAsync(resident, "/api/v1/portal/public-services/dossiers", unknown)).StatusCode);
    }

    // ---- helpers ----

    internal async Task<string> CommuneWithOfficerAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var unit = await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().LocateAsync(9.6, 105.95, null, Ct);
        return unit!.Code;
    }

    internal static async Task<string> TokenAsync(HttpClient client) =>
        (await client.GetJsonAsync("/api/v1/portal/form-token")).GetProperty("token").GetString()!;

    private static ByteArrayContent File()
    {
        var content = new ByteArrayContent(Pdf);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        return content;
    }

    internal static async Task<JsonElement> SubmitAsync(HttpClient resident, string commune, string? email, string? phone) =>
        await Http.JsonAsync(await SubmitRawAsync(resident, commune, phone, email, Pdf), HttpStatusCode.Created);

    internal static async Task<HttpResponseMessage> SubmitRawAsync(HttpClient resident, string commune, string? phone, string? email, byte[] file)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(resident)), "__RequestVerificationToken" },
            { new StringContent(BirthRegistration), "procedure" },
            { new StringContent("Nguyễn Thị Bích"), "fullName" },
            { new StringContent("094123456789"), "identityNumber" },
            { new StringContent(phone ?? string.Empty), "phone" },
            { new StringContent(email ?? string.Empty), "email" },
            { new StringContent("Nguyễn Minh Khang"), "f.ho-ten-tre" },
            { new StringContent("2026-11-20"), "f.ngay-sinh-tre" },
            { new StringContent("Nam"), "f.gioi-tinh" },
            { new StringContent("12 Lê Lợi"), "f.dia-chi" },
            { new StringContent(commune), "f.dia-chi.commune" },
            { new ByteArrayContent(file), "doc.to-khai", "to-khai.pdf" },
            { new ByteArrayContent(Pdf), "doc.giay-chung-sinh", "giay-chung-sinh.pdf" },
        };
        return await PostJsonAcceptingAsync(resident, "/api/v1/portal/public-services/dossiers", form);
    }

    private static Task<HttpResponseMessage> PostJsonAcceptingAsync(HttpClient client, string url, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return client.SendAsync(request, Ct);
    }

    internal static async Task<JsonElement> TrackAsync(HttpClient client, string code, string contact, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync("/api/v1/portal/public-services/track", new { code, contact }, Ct);
        return expected == HttpStatusCode.OK ? await Http.JsonAsync(response, expected) : await Http.ProblemAsync(response, expected);
    }

    internal static async Task<JsonElement> StepAsync(HttpClient officer, string code, string step, object body) =>
        await Http.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/public-services/dossiers/{code}/{step}", body, Ct), HttpStatusCode.OK);

    private async Task<List<MimeKit.MimeMessage>> WaitForMailsAsync(string to, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mine = app.Smtp.Messages().Where(m => m.To.Mailboxes.Any(b => b.Address == to)).ToList();
            if (mine.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(mine.Count == count, $"{mine.Count} e-mail(s) to {to}, expected {count}.");
                return mine;
            }

            await Task.Delay(100, Ct);
        }
    }
}

[Collection(PublicServicesSqlite.Name)]
public sealed class DossierFlowTests_Sqlite(PublicServicesSqlite app) : DossierFlowTests(app);

[Collection(PublicServicesPostgreSql.Name)]
public sealed class DossierFlowTests_PostgreSql(PublicServicesPostgreSql app) : DossierFlowTests(app);
