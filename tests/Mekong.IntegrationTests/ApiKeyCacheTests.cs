using System.Diagnostics;
using System.Net;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.Access.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task A_request_whose_key_is_in_the_cache_creates_no_access_database_context()
    {
        await using var storage = await CreateStorageAsync();
        await using var factory = new MekongAppFactory(storage);
        var contexts = 0;
        // Only contexts made for a request count: the server's own jobs (alert reminders finding operators) read Access too.
        await using var node = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services => CountCreations<AccessDbContext>(services, sp =>
        {
            if (sp.GetService<Microsoft.AspNetCore.Http.IHttpContextAccessor>()?.HttpContext is not null)
            {
                Interlocked.Increment(ref contexts);
            }
        })));
        string key;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            key = (await scope.ServiceProvider.GetRequiredService<IssueApiKeyHandler>()
                .HandleAsync(new IssueApiKeyRequest($"nodb-{Guid.NewGuid():N}", "Viewer", Demo.Jurisdiction), actor: null, TestContext.Current.CancellationToken)).Issued!.Key;
        }

        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        // The first request reads the key (and records its use): the counter sees the context that does it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.True(Volatile.Read(ref contexts) >= 1, "The cache miss should have used an AccessDbContext; the counter is not wired.");

        var before = Volatile.Read(ref contexts);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal(before, Volatile.Read(ref contexts));
    }

    /// <summary>Wraps the registration of <typeparamref name="TContext"/> so that every instance made is counted.</summary>
    private static void CountCreations<TContext>(IServiceCollection services, Action<IServiceProvider> created)
        where TContext : class
    {
        var registration = services.Single(d => d.ServiceType == typeof(TContext));
        services.Remove(registration);
        services.Add(new ServiceDescriptor(typeof(TContext), sp =>
        {
            created(sp);
            return registration.ImplementationFactory is { } factory
                ? factory(sp)
                : ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!);
        }, registration.Lifetime));
    }

    private async Task<TestStorage> CreateStorageAsync()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        return await TestStorage.CreateDemoAsync(kind);
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

public sealed class ApiKeyCacheTests_Sqlite() : ApiKeyCacheTests(DatabaseKind.Sqlite);

public sealed class ApiKeyCacheTests_PostgreSql() : ApiKeyCacheTests(DatabaseKind.PostgreSql);
