using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.PublicServices.Features.Payments;
using Mekong.Modules.PublicServices.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.PublicServices;

/// <summary>
/// The payment gateway's signed callback (ADR 0042) on the real server: the administrator sets the shared secret (kept
/// protected, never shown), a callback signed with it pays the dossier's fee once however often it comes, and a wrong
/// signature, a stale timestamp or an unknown jurisdiction is a 401 that records nothing.
/// </summary>
public abstract class PaymentCallbackTests(PublicServicesFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_callback_pays_the_fee_once_and_a_bad_signature_or_an_old_one_records_nothing()
    {
        var admin = await app.AsAsync(Demo.Admin);
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var secret = "gw-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

        var shortSecret = await Http.ProblemAsync(await admin.PutAsJsonAsync("/api/v1/admin/payment-gateway", new { secret = "short" }, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("secret", Http.ErrorFields(shortSecret));
        var viewer = await app.AsAsync(Demo.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/v1/admin/payment-gateway", new { secret }, Ct)).StatusCode);
        var set = await admin.PutAsJsonAsync("/api/v1/admin/payment-gateway", new { secret }, Ct);
        Assert.DoesNotContain(secret, await set.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var shown = await admin.GetAsync("/api/v1/admin/payment-gateway", Ct);
        var text = await shown.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"configured\":true", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PublicServicesDbContext>().PaymentGateways.AsNoTracking().SingleAsync(g => g.JurisdictionCode == Demo.Jurisdiction, Ct);
            Assert.DoesNotContain(secret, stored.Secret.Ciphertext, StringComparison.Ordinal); // protected at rest
        }

        // A procedure with a fee (the birth registration's form, 50 000 đồng) and a dossier of it.
        var procedure = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/procedures/{DossierFlowTests.BirthRegistration}", Ct))!.AsObject();
        var feeCode = "T." + tag;
        procedure["code"] = feeCode;
        procedure["feeVnd"] = 50_000;
        await Http.JsonAsync(await admin.PutAsync($"/api/v1/admin/procedures/{feeCode}", new StringContent(procedure.ToJsonString(), Encoding.UTF8, "application/json"), Ct), HttpStatusCode.Created);
        var code = await SubmitAsync(feeCode);

        var body = Encoding.UTF8.GetBytes($$"""{"transactionId":"VNP-{{tag}}","dossierCode":"{{code}}","amount":50000}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        // Refused with 401, nothing recorded: another key, a tampered body, no signature, an old timestamp, a jurisdiction without a gateway.
        await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, body, now, Signature("another-secret-of-the-right-length-0123456789", now, body)), HttpStatusCode.Unauthorized);
        var tampered = Encoding.UTF8.GetBytes($$"""{"transactionId":"VNP-{{tag}}","dossierCode":"{{code}}","amount":50001}""");
        await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, tampered, now, Signature(secret, now, body)), HttpStatusCode.Unauthorized);
        await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, body, now, null), HttpStatusCode.Unauthorized);
        var old = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, body, old, Signature(secret, old, body)), HttpStatusCode.Unauthorized);
        await Http.ProblemAsync(await CallbackAsync("99", body, now, Signature(secret, now, body)), HttpStatusCode.Unauthorized);
        Assert.Null(await PaidAsync(code));

        // Signed but wrong: the amount is the dossier's fee; the field is named.
        var wrongAmount = Encoding.UTF8.GetBytes($$"""{"transactionId":"VNP-{{tag}}-X","dossierCode":"{{code}}","amount":1000}""");
        Assert.Contains("amount", Http.ErrorFields(await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, wrongAmount, now, Signature(secret, now, wrongAmount)), HttpStatusCode.BadRequest)));
        var notJson = "not json"u8.ToArray();
        await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, notJson, now, Signature(secret, now, notJson)), HttpStatusCode.BadRequest);

        // Paid, once, however often the gateway repeats it (even two at a time); a second transaction for a paid fee is refused.
        var paid = await Http.JsonAsync(await CallbackAsync(Demo.Jurisdiction, body, now, Signature(secret, now, body)), HttpStatusCode.OK);
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        var repeats = await Task.WhenAll(CallbackAsync(Demo.Jurisdiction, body, now, Signature(secret, now, body)), CallbackAsync(Demo.Jurisdiction, body, now, "v1=00, " + Signature(secret, now, body)));
        foreach (var repeat in repeats)
        {
            Assert.Equal("duplicate", (await Http.JsonAsync(repeat, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        var another = Encoding.UTF8.GetBytes($$"""{"transactionId":"VNP-{{tag}}-2","dossierCode":"{{code}}","amount":50000}""");
        await Http.ProblemAsync(await CallbackAsync(Demo.Jurisdiction, another, now, Signature(secret, now, another)), HttpStatusCode.Conflict);

        var fee = await PaidAsync(code);
        Assert.NotNull(fee);
        Assert.Equal(("gateway", $"VNP-{tag}"), (fee.Value.Method, fee.Value.Reference));
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var payments = await scope.ServiceProvider.GetRequiredService<PublicServicesDbContext>().GatewayPayments.AsNoTracking().Where(p => p.TransactionId.StartsWith($"VNP-{tag}")).ToListAsync(Ct);
            Assert.Equal($"VNP-{tag}", Assert.Single(payments).TransactionId);
        }
    }

    private static string Signature(string secret, string timestamp, byte[] body) =>
        "v1=" + Convert.ToHexStringLower(PaymentCallbackHandler.Sign(secret, timestamp, body));

    private Task<HttpResponseMessage> CallbackAsync(string jurisdiction, byte[] body, string timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public-services/payments/{jurisdiction}/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Payment-Timestamp", timestamp);
        if (signature is not null)
        {
            request.Headers.Add("X-Payment-Signature", signature);
        }

        return app.Resident().SendAsync(request, Ct);
    }

    private async Task<(string? Method, string? Reference)?> PaidAsync(string code)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var d = await scope.ServiceProvider.GetRequiredService<PublicServicesDbContext>().Dossiers.AsNoTracking().SingleAsync(x => x.Code == code, Ct);
        return d.FeePaidAt is null ? null : (d.FeeMethod, d.FeeReference);
    }

    private async Task<string> SubmitAsync(string procedure)
    {
        string commune;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            commune = (await scope.ServiceProvider.GetRequiredService<IAdminUnitDirectory>().LocateAsync(9.6, 105.95, null, Ct))!.Code;
        }

        var resident = app.Resident();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await DossierFlowTests.TokenAsync(resident)), "__RequestVerificationToken" },
            { new StringContent(procedure), "procedure" },
            { new StringContent("Trần Văn Phí"), "fullName" },
            { new StringContent("094123456780"), "identityNumber" },
            { new StringContent("0912000111"), "phone" },
            { new StringContent("Trần Minh An"), "f.ho-ten-tre" },
            { new StringContent("2026-11-21"), "f.ngay-sinh-tre" },
            { new StringContent("Nam"), "f.gioi-tinh" },
            { new StringContent("14 Lê Lợi"), "f.dia-chi" },
            { new StringContent(commune), "f.dia-chi.commune" },
            { new ByteArrayContent(DossierFlowTests.Pdf), "doc.to-khai", "to-khai.pdf" },
            { new ByteArrayContent(DossierFlowTests.Pdf), "doc.giay-chung-sinh", "giay-chung-sinh.pdf" },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/portal/public-services/dossiers") { Content = form };
        request.Headers.Accept.ParseAdd("application/json");
        var submitted = await Http.JsonAsync(await resident.SendAsync(request, Ct), HttpStatusCode.Created);
        return submitted.GetProperty("code").GetString()!;
    }
}

[Collection(PublicServicesSqlite.Name)]
public sealed class PaymentCallbackTests_Sqlite(PublicServicesSqlite app) : PaymentCallbackTests(app);

[Collection(PublicServicesPostgreSql.Name)]
public sealed class PaymentCallbackTests_PostgreSql(PublicServicesPostgreSql app) : PaymentCallbackTests(app);
