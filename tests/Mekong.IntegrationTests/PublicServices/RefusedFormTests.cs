using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.AdminUnits.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.PublicServices;

/// <summary>A dossier form the server refuses comes back with what the resident typed (ADR 0042), once, and not in the address.</summary>
public abstract class RefusedFormTests(PublicServicesFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_portal_form_shows_the_typed_values_again_once_without_putting_them_in_the_address()
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
            { new StringContent(DossierFlowTests.BirthRegistration), "procedure" },
            { new StringContent("Lê Thị Giữ Lại"), "fullName" },
            { new StringContent("12345"), "identityNumber" }, // refused: not twelve digits
            { new StringContent("0912777888"), "phone" },
            { new StringContent("Lê Minh Nhớ"), "f.ho-ten-tre" },
            { new StringContent("2026-11-22"), "f.ngay-sinh-tre" },
            { new StringContent("Nữ"), "f.gioi-tinh" },
            { new StringContent("9 Trần Phú"), "f.dia-chi" },
            { new StringContent(commune), "f.dia-chi.commune" },
        };
        var refused = await resident.PostAsync("/api/v1/portal/public-services/dossiers", form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var back = refused.Headers.Location!.OriginalString;
        Assert.DoesNotContain("0912777888", back, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString("Lê Thị"), back, StringComparison.Ordinal);

        var page = await resident.GetStringAsync(back, Ct);
        Assert.Contains("id=\"ps-problem\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Lê Thị Giữ Lại\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"0912777888\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-11-22\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Nữ\" selected", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{commune}\" selected", page, StringComparison.Ordinal);

        // Read once: the page again starts empty.
        Assert.DoesNotContain("Lê Thị Giữ Lại", await resident.GetStringAsync(back, Ct), StringComparison.Ordinal);
    }
}

[Collection(PublicServicesSqlite.Name)]
public sealed class RefusedFormTests_Sqlite(PublicServicesSqlite app) : RefusedFormTests(app);

[Collection(PublicServicesPostgreSql.Name)]
public sealed class RefusedFormTests_PostgreSql(PublicServicesPostgreSql app) : RefusedFormTests(app);
