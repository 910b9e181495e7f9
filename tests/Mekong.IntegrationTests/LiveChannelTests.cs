using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.AdminUnits;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform.Events;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// The live channel end to end: a module's event becomes a message on the hub, delivered to the screens watching
/// that topic in that jurisdiction, and to no one else.
/// </summary>
public abstract class LiveChannelTests(AppFixture app)
{
    private const string OtherJurisdiction = "91";

    [Fact]
    public async Task A_change_to_the_units_reaches_a_watching_screen_of_the_same_jurisdiction_only()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await EnsureOtherJurisdictionAsync(cancellation);
        var (ownKey, _) = await app.IssueKeyAsync("Viewer");
        var otherKey = await IssueKeyAsync("Viewer", OtherJurisdiction, cancellation);
        await using var own = Connect(ownKey);
        await using var other = Connect(otherKey);
        var ownUpdates = Listen(own);
        var otherUpdates = Listen(other);
        await own.StartAsync(cancellation);
        await other.StartAsync(cancellation);
        await own.InvokeAsync("Watch", AdminUnitsModule.LiveTopic, (string?)null, cancellation);
        await other.InvokeAsync("Watch", AdminUnitsModule.LiveTopic, (string?)null, cancellation);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>()
                .PublishAsync(new AdminUnitsChanged(Demo.Jurisdiction, "commune"), cancellation);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(TimeSpan.FromSeconds(15));
        var update = await ownUpdates.ReadAsync(wait.Token);
        Assert.Equal((AdminUnitsModule.LiveTopic, "commune"), update);

        // The other jurisdiction's screen heard nothing: a marker published to it afterwards is the first thing it
        // hears (a connection receives in the order the server sent, so a stray update would have come first).
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>()
                .PublishAsync(new AdminUnitsChanged(OtherJurisdiction, marker), cancellation);
        }

        Assert.Equal((AdminUnitsModule.LiveTopic, marker), await otherUpdates.ReadAsync(wait.Token));
    }

    [Fact]
    public async Task An_installation_administrator_watching_no_jurisdiction_in_particular_hears_every_jurisdiction()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var key = await IssueKeyAsync(role: "Administrator", jurisdiction: null, cancellation);
        await using var screen = Connect(key);
        var updates = Listen(screen);
        await screen.StartAsync(cancellation);
        await screen.InvokeAsync("Watch", AdminUnitsModule.LiveTopic, (string?)null, cancellation);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>()
                .PublishAsync(new AdminUnitsChanged(Demo.Jurisdiction, "commune"), cancellation);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(TimeSpan.FromSeconds(15));
        Assert.Equal(AdminUnitsModule.LiveTopic, (await updates.ReadAsync(wait.Token)).Topic);
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections()
    {
        await using var anonymous = Connect(apiKey: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private HubConnection Connect(string? apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Factory.Server.BaseAddress, "/hubs/live"), options =>
        {
            // TestServer speaks HTTP only: long polling carries the hub protocol without a socket.
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => app.Factory.Server.CreateHandler();
            if (apiKey is not null)
            {
                options.Headers["X-Api-Key"] = apiKey;
            }
        })
        .Build();

    /// <summary>Each update's topic and the level of units it is about.</summary>
    private static ChannelReader<(string Topic, string? Level)> Listen(HubConnection connection)
    {
        var updates = Channel.CreateUnbounded<(string Topic, string? Level)>();
        connection.On<string, JsonElement>("update", (topic, payload) =>
            updates.Writer.TryWrite((topic, payload.TryGetProperty("level", out var level) ? level.GetString() : null)));
        return updates.Reader;
    }

    /// <summary>The demo administrator may only issue keys of jurisdiction 90 (tenancy): other keys are issued as the CLI does.</summary>
    private async Task<string> IssueKeyAsync(string role, string? jurisdiction, CancellationToken cancellation)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var (issued, errors) = await scope.ServiceProvider.GetRequiredService<IssueApiKeyHandler>()
            .HandleAsync(new IssueApiKeyRequest($"live-{Guid.NewGuid():N}", role, jurisdiction), actor: null, cancellation);
        Assert.True(issued is not null, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        return issued.Key;
    }

    private async Task EnsureOtherJurisdictionAsync(CancellationToken cancellation)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdminUnitsDbContext>();
        if (!await db.Jurisdictions.AnyAsync(j => j.Code == OtherJurisdiction, cancellation))
        {
            db.Jurisdictions.Add(Jurisdiction.Create(OtherJurisdiction, "Tỉnh Thử Nghiệm", "Test Province", isSynthetic: true, TimeProvider.System));
            await db.SaveChangesAsync(cancellation);
        }
    }
}

public sealed class LiveChannelTests_Sqlite(SqliteApp app) : LiveChannelTests(app), IClassFixture<SqliteApp>;

public sealed class LiveChannelTests_PostgreSql(PostgreSqlApp app) : LiveChannelTests(app), IClassFixture<PostgreSqlApp>;
