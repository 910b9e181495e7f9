using System.Net;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Mekong.IntegrationTests;

/// <summary>
/// The residents' portal API (/api/v1/portal) and pages on the real server, on both databases: sending a report (one
/// handler with Open311, photos, the idempotency key of an offline resubmission), reports nearby, support once per
/// person, reopen within the window, rating once after resolution, and no personal data in any public answer.
/// </summary>
public abstract class ResidentPortalTests(PortalApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A place in the demo province (Open311 docs use it), moved a little per test so that tests do not meet.
    private static (double Lat, double Lon) Place() => (9.6 + (Random.Shared.NextDouble() * 0.01), 105.95 + (Random.Shared.NextDouble() * 0.01));

    [Fact]
    public async Task A_report_sent_twice_with_one_idempotency_key_is_made_once_with_its_photo()
    {
        using var client = app.Factory.CreateClient();
        var marker = "offline-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");
        var (lat, lon) = Place();

        var first = await Http.JsonAsync(await SubmitAsync(client, "rubbish", lat, lon, marker, key, photo: Jpeg()), HttpStatusCode.Created);
        var again = await Http.JsonAsync(await SubmitAsync(client, "rubbish", lat, lon, marker, key, photo: Jpeg()), HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("token").GetString(), again.GetProperty("token").GetString());
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var made = await db.Reports.AsNoTracking().Where(r => r.Description == marker).ToListAsync(Ct);
        var report = Assert.Single(made);
        Assert.Single(report.PhotoHashes);
        Assert.Equal("portal", report.SubmittedBy);
        Assert.Equal(1, await db.SubmissionKeys.CountAsync(k => k.Key == key, Ct));

        // The same key for another category is a mistake, not a replay.
        var other = await SubmitAsync(client, "pothole", lat, lon, marker + "-other", key);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.False(await db.Reports.AnyAsync(r => r.Description == marker + "-other", Ct));
        var malformed = await SubmitAsync(client, "rubbish", lat, lon, marker + "-bad", "short");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("idempotency_key", await malformed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_attempts_with_one_key_make_one_report()
    {
        using var client = app.Factory.CreateClient();
        var marker = "race-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");
        var (lat, lon) = Place();
        var token = await TokenAsync(client);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitAsync(client, "rubbish", lat, lon, marker, key, token: token)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        await using var scope = app.Factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.CountAsync(r => r.Description == marker, Ct));
    }

    [Fact]
    public async Task A_plain_form_post_is_redirected_to_the_report_and_needs_the_antiforgery_token()
    {
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (lat, lon) = Place();
        var marker = "plain-" + Guid.NewGuid().ToString("N");

        var sent = await SubmitAsync(client, "rubbish", lat, lon, marker, null, json: false);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Matches(@"^/reports/\d+\?t=[A-Za-z0-9_-]+&sent=1$", sent.Headers.Location!.OriginalString);

        var refused = await SubmitAsync(client, "rubbish", lat, lon, marker + "-forged", null, token: "forged");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var wrong = await SubmitAsync(client, "rubbish", 48.85, 2.35, marker + "-paris", null);
        await Http.ProblemAsync(wrong, HttpStatusCode.BadRequest);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        Assert.False(await db.Reports.AnyAsync(r => r.Description == marker + "-forged" || r.Description == marker + "-paris", Ct));
    }

    [Fact]
    public async Task Nearby_shows_open_public_reports_of_the_category_within_the_radius_only()
    {
        using var client = app.Factory.CreateClient();
        var (lat, lon) = Place();
        var tag = Guid.NewGuid().ToString("N");
        var open = await SubmitIdAsync(client, "rubbish", lat + 0.0003, lon, "open " + tag);               // ~33 m
        var otherCategory = await SubmitIdAsync(client, "pothole", lat, lon, "pothole " + tag);
        var notPublic = await SubmitIdAsync(client, "food-safety", lat, lon, "food " + tag);
        var resolved = await SubmitIdAsync(client, "rubbish", lat, lon + 0.0002, "resolved " + tag);
        var far = await SubmitIdAsync(client, "rubbish", lat + 0.01, lon, "far " + tag);                    // ~1.1 km
        await MoveAsync(resolved, TimeSpan.Zero, resolve: true);

        var body = await client.GetJsonAsync(Nearby("rubbish", lat, lon));

        var ids = body.GetProperty("items").EnumerateArray().Select(i => long.Parse(i.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(open, ids);
        Assert.DoesNotContain(otherCategory, ids);
        Assert.DoesNotContain(notPublic, ids);
        Assert.DoesNotContain(resolved, ids);
        Assert.DoesNotContain(far, ids);
        Assert.Equal(150, body.GetProperty("radius_m").GetInt32());
        var item = body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == open.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(item.GetProperty("distance_m").GetDouble(), 20, 50);
        Assert.Equal("received", item.GetProperty("status").GetString());

        var bad = await client.GetAsync("/api/v1/portal/reports/nearby?category=rubbish&lat=abc&lon=1", Ct);
        await Http.ProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Personal_data_never_appears_in_a_public_answer()
    {
        using var client = app.Factory.CreateClient();
        var (lat, lon) = Place();
        var person = ("Thị Mai " + Guid.NewGuid().ToString("N")[..6], $"mai{Guid.NewGuid():N}@example.org", "0912 345 678");
        var hidden = await SubmitIdAsync(client, "rubbish", lat, lon, "hidden " + person.Item1[^6..], contact: person);
        var named = await SubmitIdAsync(client, "rubbish", lat, lon, "named " + person.Item1[^6..], contact: person, anonymous: false);
        using var supporter = app.Factory.CreateClient();
        var supporterEmail = $"support{Guid.NewGuid():N}@example.org";
        await Http.JsonAsync(await SupportAsync(supporter, hidden, supporterEmail), HttpStatusCode.OK);

        string token;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.AsNoTracking().FirstAsync(r => r.Id == hidden, Ct)).Token;
        }

        var answers = new List<string>
        {
            await client.GetStringAsync(Nearby("rubbish", lat, lon), Ct),
            await client.GetStringAsync(FormattableString.Invariant($"/api/v1/portal/reports.geojson?bbox={lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"), Ct),
            await client.GetStringAsync(FormattableString.Invariant($"/open311/v2/requests/{hidden}.json?extensions=true"), Ct),
            await client.GetStringAsync(FormattableString.Invariant($"/reports/{hidden}"), Ct),
            await client.GetStringAsync("/reports?category=rubbish", Ct),
        };
        var namedPage = await client.GetStringAsync(FormattableString.Invariant($"/reports/{named}"), Ct);
        Assert.Contains(hidden.ToString(System.Globalization.CultureInfo.InvariantCulture), answers[0], StringComparison.Ordinal);
        Assert.Contains(hidden.ToString(System.Globalization.CultureInfo.InvariantCulture), answers[1], StringComparison.Ordinal);
        foreach (var answer in answers)
        {
            Assert.DoesNotContain(person.Item1, answer, StringComparison.Ordinal);
            Assert.DoesNotContain(person.Item2, answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("0912 345 678", answer, StringComparison.Ordinal);
            Assert.DoesNotContain(supporterEmail, answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token, answer, StringComparison.Ordinal);
        }

        // Only the name the resident chose to show, on the report's own page; never the e-mail or phone.
        Assert.Contains(person.Item1, namedPage, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Item2, namedPage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("0912 345 678", namedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_supports_a_report_once_however_they_are_known()
    {
        using var first = app.Factory.CreateClient();
        var (lat, lon) = Place();
        var id = await SubmitIdAsync(first, "rubbish", lat, lon, "support " + Guid.NewGuid().ToString("N"));
        var email = $"neighbour{Guid.NewGuid():N}@example.org";

        var once = await Http.JsonAsync(await SupportAsync(first, id, null), HttpStatusCode.OK);
        var twice = await Http.JsonAsync(await SupportAsync(first, id, email), HttpStatusCode.OK);
        using var second = app.Factory.CreateClient();
        var other = await Http.JsonAsync(await SupportAsync(second, id, email.ToUpperInvariant()), HttpStatusCode.OK);
        using var third = app.Factory.CreateClient();
        var stranger = await Http.JsonAsync(await SupportAsync(third, id, null), HttpStatusCode.OK);

        Assert.Equal((1, false), (once.GetProperty("supporters").GetInt32(), once.GetProperty("alreadySupported").GetBoolean()));
        Assert.Equal((1, true), (twice.GetProperty("supporters").GetInt32(), twice.GetProperty("alreadySupported").GetBoolean()));
        Assert.Equal((1, true), (other.GetProperty("supporters").GetInt32(), other.GetProperty("alreadySupported").GetBoolean()));
        Assert.Equal((2, false), (stranger.GetProperty("supporters").GetInt32(), stranger.GetProperty("alreadySupported").GetBoolean()));
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Supporters.AsNoTracking().Where(s => s.ReportId == id).ToListAsync(Ct);
            Assert.Equal(2, rows.Count);
            // The first visit left no e-mail; the second added it to the same row (for the notifier to write to).
            Assert.Single(rows, s => s.Email == email);
            Assert.All(rows, s => Assert.Equal("vi", s.Language));
        }

        var page = await first.GetStringAsync(FormattableString.Invariant($"/reports/{id}"), Ct);
        Assert.Contains("id=\"supporter-count\">2<", page, StringComparison.Ordinal);

        using var fourth = app.Factory.CreateClient();
        await Http.ProblemAsync(await SupportAsync(fourth, id, "not-an-email"), HttpStatusCode.BadRequest);
        await MoveAsync(id, TimeSpan.Zero, resolve: true);
        await Http.ProblemAsync(await SupportAsync(fourth, id, null), HttpStatusCode.Conflict);
        var notPublic = await SubmitIdAsync(first, "food-safety", lat, lon, "private " + Guid.NewGuid().ToString("N"));
        await Http.ProblemAsync(await SupportAsync(first, notPublic, null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_reporter_reopens_only_after_resolution_and_within_the_window()
    {
        using var client = app.Factory.CreateClient();
        var (lat, lon) = Place();
        var (id, token) = await SubmitWithTokenAsync(client, "rubbish", lat, lon, "reopen " + Guid.NewGuid().ToString("N"));

        await Http.ProblemAsync(await ReporterAsync(client, id, "reopen", token, []), HttpStatusCode.Conflict);
        await MoveAsync(id, TimeSpan.FromDays(-8), resolve: true);
        var late = await Http.ProblemAsync(await ReporterAsync(client, id, "reopen", token, []), HttpStatusCode.Conflict);
        Assert.Contains("within 7 days", late.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (recent, recentToken) = await SubmitWithTokenAsync(client, "rubbish", lat, lon, "reopen-recent " + Guid.NewGuid().ToString("N"));
        await MoveAsync(recent, TimeSpan.FromDays(-6), resolve: true);
        await Http.ProblemAsync(await ReporterAsync(client, recent, "reopen", "wrong-token", []), HttpStatusCode.NotFound);
        await Http.JsonAsync(await ReporterAsync(client, recent, "reopen", recentToken, [new("reason", "Vẫn còn rác")]), HttpStatusCode.OK);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.AsNoTracking().Include(r => r.History).FirstAsync(r => r.Id == recent, Ct);
        Assert.Equal(ReportStatus.Reopened, report.Status);
        Assert.Equal(("citizen", "Vẫn còn rác"), (report.History[^1].Actor, report.History[^1].PublicMessage));
    }

    [Fact]
    public async Task The_reporter_rates_once_and_only_after_resolution()
    {
        using var client = app.Factory.CreateClient();
        var (lat, lon) = Place();
        var (id, token) = await SubmitWithTokenAsync(client, "rubbish", lat, lon, "rate " + Guid.NewGuid().ToString("N"));

        await Http.ProblemAsync(await ReporterAsync(client, id, "rating", token, [new("rating", "4")]), HttpStatusCode.Conflict);
        await MoveAsync(id, TimeSpan.FromDays(-1), resolve: true);
        await Http.ProblemAsync(await ReporterAsync(client, id, "rating", token, [new("rating", "6")]), HttpStatusCode.BadRequest);
        await Http.ProblemAsync(await ReporterAsync(client, id, "rating", token, [new("rating", "four")]), HttpStatusCode.BadRequest);
        await Http.JsonAsync(await ReporterAsync(client, id, "rating", token, [new("rating", "4"), new("comment", "Nhanh, sạch sẽ")]), HttpStatusCode.OK);
        await Http.ProblemAsync(await ReporterAsync(client, id, "rating", token, [new("rating", "1")]), HttpStatusCode.Conflict);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReportsDbContext>().Reports.AsNoTracking().FirstAsync(r => r.Id == id, Ct);
        Assert.Equal((4, "Nhanh, sạch sẽ"), (report.Rating, report.RatingComment));
        Assert.NotNull(report.RatedAt);
        var page = await client.GetStringAsync(FormattableString.Invariant($"/reports/{id}?t={token}"), Ct);
        Assert.Contains("id=\"rated\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"rating-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_is_not_public_is_seen_only_with_its_token()
    {
        using var client = app.Factory.CreateClient();
        var (lat, lon) = Place();
        var (id, token) = await SubmitWithTokenAsync(client, "food-safety", lat, lon, "food " + Guid.NewGuid().ToString("N"));

        var anonymous = await client.GetAsync(FormattableString.Invariant($"/reports/{id}"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        var mine = await client.GetStringAsync(FormattableString.Invariant($"/reports/{id}?t={token}"), Ct);
        Assert.Contains("id=\"reporter-panel\"", mine, StringComparison.Ordinal);
        var search = await app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync(FormattableString.Invariant($"/reports?number={id}"), Ct);
        Assert.EndsWith(FormattableString.Invariant($"/reports/{id}"), search.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    // ---- helpers ----

    private static string Nearby(string category, double lat, double lon) =>
        FormattableString.Invariant($"/api/v1/portal/reports/nearby?category={category}&lat={lat}&lon={lon}");

    [Fact]
    public async Task My_reports_lists_what_the_signed_in_person_sent_with_its_token_and_nobody_elses()
    {
        var (lat, lon) = Place();
        var viewer = await SignIn.AsAsync(app.Factory, Demo.Viewer, Demo.Password);
        var (mine, token) = await SubmitWithTokenAsync(viewer, "rubbish", lat, lon, "Của tôi " + Guid.NewGuid().ToString("N")[..8]);
        var anonymous = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (theirs, _) = await SubmitWithTokenAsync(anonymous, "rubbish", lat, lon, "Của người khác " + Guid.NewGuid().ToString("N")[..8]);

        var page = await viewer.GetAsync("/reports/mine", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // The reporter's own link carries the private token (reopen and rate from there); another person's report is not listed.
        Assert.Contains($"href=\"/reports/{mine}?t={Uri.EscapeDataString(token)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/reports/{theirs}?", html, StringComparison.Ordinal);

        var other = await SignIn.AsAsync(app.Factory, Demo.Operator, Demo.Password);
        var otherHtml = await (await other.GetAsync("/reports/mine", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain($"/reports/{mine}?", otherHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(token, otherHtml, StringComparison.Ordinal);

        // Signed out: the log-in page, not somebody's list.
        var signedOut = await anonymous.GetAsync("/reports/mine", Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/login", signedOut.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hourly_purge_deletes_only_the_idempotency_keys_past_their_window()
    {
        var (lat, lon) = Place();
        var client = app.Factory.CreateClient();
        var (oldKey, freshKey) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await Http.JsonAsync(await SubmitAsync(client, "rubbish", lat, lon, "Khoá cũ", oldKey), HttpStatusCode.Created);
        await Http.JsonAsync(await SubmitAsync(client, "rubbish", lat, lon, "Khoá mới", freshKey), HttpStatusCode.Created);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        // The window is 72 h (the default): one key is a minute past it, the other a minute short of it.
        var now = DateTimeOffset.UtcNow;
        await db.SubmissionKeys.Where(k => k.Key == oldKey).ExecuteUpdateAsync(u => u.SetProperty(k => k.CreatedAt, now - TimeSpan.FromHours(72) - TimeSpan.FromMinutes(1)), Ct);
        await db.SubmissionKeys.Where(k => k.Key == freshKey).ExecuteUpdateAsync(u => u.SetProperty(k => k.CreatedAt, now - TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1)), Ct);

        var job = ActivatorUtilities.CreateInstance<Mekong.Modules.Reports.Features.Portal.SubmissionKeyPurgeJob>(scope.ServiceProvider, new FixedClock(now));
        await job.RunAsync(Ct);

        var left = await db.SubmissionKeys.AsNoTracking().Where(k => k.Key == oldKey || k.Key == freshKey).Select(k => k.Key).ToListAsync(Ct);
        Assert.Equal([freshKey], left);
        Assert.Contains(Mekong.Modules.Reports.Features.Portal.SubmissionKeyPurgeJob.Name, scope.ServiceProvider.GetServices<Mekong.Platform.Jobs.PeriodicJobRegistration>().Select(r => r.Name));
    }

    private static async Task<string> TokenAsync(HttpClient client) =>
        (await client.GetJsonAsync("/api/v1/portal/form-token")).GetProperty("token").GetString()!;

    private static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, string category, double lat, double lon, string description, string? key, byte[]? photo = null, string? token = null,
        bool json = true, (string Name, string Email, string Phone)? contact = null, bool anonymous = true)
    {
        token ??= await TokenAsync(client);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(category), "service_code" },
            { new StringContent(lat.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(lon.ToString(System.Globalization.CultureInfo.InvariantCulture)), "long" },
            { new StringContent(description), "description" },
        };
        if (key is not null)
        {
            form.Add(new StringContent(key), "idempotency_key");
        }

        if (category == "fallen-tree")
        {
            form.Add(new StringContent("yes"), "attribute[blocking]");
        }

        if (contact is { } c)
        {
            form.Add(new StringContent(c.Name), "name");
            form.Add(new StringContent(c.Email), "email");
            form.Add(new StringContent(c.Phone), "phone");
        }

        if (anonymous)
        {
            form.Add(new StringContent("on"), "anonymous");
        }

        if (photo is not null)
        {
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photos", "photo.jpg");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/portal/reports") { Content = form };
        request.Headers.Accept.ParseAdd(json ? "application/json" : "text/html");
        return await client.SendAsync(request, Ct);
    }

    private static async Task<long> SubmitIdAsync(HttpClient client, string category, double lat, double lon, string description,
        (string, string, string)? contact = null, bool anonymous = true) =>
        (await SubmitWithTokenAsync(client, category, lat, lon, description, contact, anonymous)).Id;

    private static async Task<(long Id, string Token)> SubmitWithTokenAsync(HttpClient client, string category, double lat, double lon, string description,
        (string, string, string)? contact = null, bool anonymous = true)
    {
        var body = await Http.JsonAsync(await SubmitAsync(client, category, lat, lon, description, Guid.NewGuid().ToString("N"), contact: contact, anonymous: anonymous), HttpStatusCode.Created);
        return (long.Parse(body.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("token").GetString()!);
    }

    private static async Task<HttpResponseMessage> SupportAsync(HttpClient client, long id, string? email)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await TokenAsync(client)) };
        if (email is not null)
        {
            fields.Add(new("email", email));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, FormattableString.Invariant($"/api/v1/portal/reports/{id}/supporters")) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> ReporterAsync(HttpClient client, long id, string action, string token, KeyValuePair<string, string>[] fields)
    {
        var all = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await TokenAsync(client)), new("t", token) };
        all.AddRange(fields);
        using var request = new HttpRequestMessage(HttpMethod.Post, FormattableString.Invariant($"/api/v1/portal/reports/{id}/{action}")) { Content = new FormUrlEncodedContent(all) };
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Moves a report through the officers' steps to resolved, as if done <paramref name="ago"/> from now.</summary>
    private async Task MoveAsync(long id, TimeSpan ago, bool resolve)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var report = await db.Reports.Include(r => r.History).FirstAsync(r => r.Id == id, Ct);
        var clock = new FixedClock(DateTimeOffset.UtcNow + ago);
        report.Acknowledge("officer", null, null, clock);
        report.Assign(new ResponsibleUnit(ResponsibleKind.Department, "SXD"), new AgencyName("Sở Xây dựng", "Department of Construction"), "officer", null, null, clock);
        report.StartWork("officer", null, null, clock);
        if (resolve)
        {
            report.Resolve("officer", "Đã thu gom.", "internal note", clock);
        }

        await db.SaveChangesAsync(Ct);
    }

    private static byte[] Jpeg()
    {
        using var bitmap = new SKBitmap(32, 24);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.OrangeRed);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The server for the portal's tests: anonymous writes allowed often enough for a test class from one address.</summary>
public abstract class PortalApp(DatabaseKind kind) : IAsyncLifetime
{
    private MekongAppFactory? _factory;

    public MekongAppFactory Factory
    {
        get
        {
            if (_factory is null)
            {
                Assert.Skip(SkipReason ?? "The test server did not start.");
            }

            return _factory;
        }
    }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.PostgreSql && await PostgresServer.UnavailableReasonAsync() is { } reason)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException($"{reason} CI=true: PostgreSQL tests must run in CI.");
            }

            SkipReason = reason;
            return;
        }

        _factory = await MekongAppFactory.CreateAsync(kind, new Dictionary<string, string?>
        {
            ["Mekong:RateLimits:AnonymousWrite:AnonymousPerMinute"] = "1000",
            ["Mekong:Reports:ReopenDays"] = "7",
        });
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class PortalSqliteApp() : PortalApp(DatabaseKind.Sqlite);

public sealed class PortalPostgreSqlApp() : PortalApp(DatabaseKind.PostgreSql);

public sealed class ResidentPortalTests_Sqlite(PortalSqliteApp app) : ResidentPortalTests(app), IClassFixture<PortalSqliteApp>;

public sealed class ResidentPortalTests_PostgreSql(PortalPostgreSqlApp app) : ResidentPortalTests(app), IClassFixture<PortalPostgreSqlApp>;
