using System.Collections.Concurrent;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage.Platform;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Outbox;

/// <summary>What a test handler saw: every delivery, in order, and any delivery of a message while another of the same message was under way.</summary>
internal sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<Guid, int> _inFlight = new();

    public ConcurrentQueue<(OutboxEnvelope Envelope, string Node)> Deliveries { get; } = new();

    public ConcurrentQueue<Guid> Overlaps { get; } = new();

    /// <summary>Set to make the handler throw this (a plain exception retries, a PermanentDeliveryException dead-letters).</summary>
    public Func<OutboxEnvelope, Exception?> Fail { get; set; } = _ => null;

    public TimeSpan Work { get; set; } = TimeSpan.Zero;

    public int CountFor(Guid id) => Deliveries.Count(d => d.Envelope.Id == id);

    public async Task DeliverAsync(OutboxEnvelope envelope, string node, CancellationToken cancellationToken)
    {
        if (_inFlight.AddOrUpdate(envelope.Id, 1, (_, n) => n + 1) > 1)
        {
            Overlaps.Enqueue(envelope.Id);
        }

        try
        {
            if (Work > TimeSpan.Zero)
            {
                await Task.Delay(Work, cancellationToken);
            }

            if (Fail(envelope) is { } failure)
            {
                throw failure;
            }

            Deliveries.Enqueue((envelope, node));
        }
        finally
        {
            _inFlight.AddOrUpdate(envelope.Id, 0, (_, n) => n - 1);
        }
    }
}

internal sealed class TestMessageHandler(DeliveryLog log, Mekong.Platform.Jobs.NodeIdentity node) : IOutboxHandler
{
    public const string Type = "tests.message";

    public string MessageType => Type;

    public Task DeliverAsync(OutboxEnvelope envelope, CancellationToken cancellationToken) => log.DeliverAsync(envelope, node.Name, cancellationToken);
}

internal static class OutboxHarness
{
    /// <summary>A server (no demo data) whose dispatcher polls fast and delivers <see cref="TestMessageHandler.Type"/> into <paramref name="log"/>.</summary>
    public static WebApplicationFactory<Program> Server(TestStorage storage, DeliveryLog log, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Mekong:Demo"] = "false",
            ["Mekong:Outbox:PollInterval"] = "00:00:00.100",
            ["Mekong:Outbox:FirstRetryDelay"] = "00:00:00.050",
            ["Mekong:Outbox:MaxRetryDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new MekongAppFactory(storage, all).WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(log);
            s.AddOutboxHandler<TestMessageHandler>();
        }));
    }

    /// <summary>Commits a test message in the platform's own context (as a module commits one with its change); returns its id.</summary>
    public static async Task<Guid> EnqueueAsync(IServiceProvider services, object payload, string? key = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(db, TestMessageHandler.Type, payload, key);
        var id = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity.Id;
        await db.SaveChangesAsync();
        return id;
    }

    public static async Task<OutboxMessage?> FindAsync(IServiceProvider services, Guid id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id);
    }

    /// <summary>Waits (up to <paramref name="seconds"/>) until the condition holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Not within {seconds} s: {what}");
    }
}
