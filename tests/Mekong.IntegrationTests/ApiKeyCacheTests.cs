using System.Diagnostics;
using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// API keys are cached per node (issue 13 "caches"): a key revoked on one node is refused by another node on the same
/// database within Mekong:ApiKeys:CacheSeconds, and at once by the node that revoked it.
/// </summary>
public abstract class ApiKeyCacheTests(DatabaseKind kind)
{
    private const int CacheSeconds = 5;

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_by_another_within_the_cache_time()
    {
        await using var storage = await CreateStorageAsync();
        await using var first = new MekongAppFactory(storage);
        _ = first.Server;
        await using var second = new MekongAppFactory(storage);
        _ = second.Server;

        var admin = await SignIn.AsAsync(first, Demo.Admin, Demo.Password);
        var issued = await Http.JsonAsync(
            await admin.PostAsync("/api/v1/admin/api-keys", Json(new { name = $"cache-{Guid.NewGuid():N}", role = "Viewer", jurisdiction = Demo.Jurisdiction }), TestContext.Current.CancellationToken),
            HttpStatusCode.Created);
        var key = issued.GetProperty("key").GetString()!;
        var id = issued.GetProperty("apiKey").GetProperty("id").GetString()!;
        var onFirst = first.WithApiKey(key);
        var onSecond = second.WithApiKey(key);
        // Both nodes now hold the key in their caches.
        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/admin/api-keys/{id}", TestContext.Current.CancellationToken)).StatusCode);
        var revokedAt = Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        var bound = TimeSpan.FromSeconds(CacheSeconds + 2);
        while (true)
        {
            var status = (await onSecond.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(revokedAt.Elapsed < bound, $"The second node still accepted the revoked key after {revokedAt.Elapsed}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(revokedAt.Elapsed < bound, $"Refused only after {revokedAt.Elapsed}.");
    }

    private async Task<TestStorage> CreateStorageAsync()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        return await TestStorage.CreateAsync(kind);
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

public sealed class ApiKeyCacheTests_Sqlite() : ApiKeyCacheTests(DatabaseKind.Sqlite);

public sealed class ApiKeyCacheTests_PostgreSql() : ApiKeyCacheTests(DatabaseKind.PostgreSql);
