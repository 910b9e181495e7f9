using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Outbox;
using Mekong.Platform.Storage.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests.Outbox;

/// <summary>The outbox on both providers: committed with the change, delivered at least once, retried with back-off, dead-lettered, retried by hand.</summary>
public sealed class OutboxTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_committed_message_is_delivered_once_with_its_idempotency_key(DatabaseKind kind)
    {
        await using var storage = await Storage(kind);
        var log = new DeliveryLog();
        await using var server = OutboxHarness.Server(storage, log);

        var id = await OutboxHarness.EnqueueAsync(server.Services, new { report = 42, text = "Đường ngập" }, key: "report-42-created");

        await OutboxHarness.EventuallyAsync(async () => (await OutboxHarness.FindAsync(server.Services, id))?.State == OutboxState.Delivered, "the message is marked delivered");
        var delivery = Assert.Single(log.Deliveries, d => d.Envelope.Id == id).Envelope;
        Assert.Equal("report-42-created", delivery.IdempotencyKey);
        Assert.Equal(1, delivery.Attempt);
        Assert.Equal("""{"report":42,"text":"Đường ngập"}""", delivery.PayloadJson);
        Assert.Equal(TestMessageHandler.Type, delivery.MessageType);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_message_enqueued_in_a_transaction_that_rolls_back_is_never_delivered(DatabaseKind kind)
    {
        await using var storage = await Storage(kind);
        var log = new DeliveryLog();
        await using var server = OutboxHarness.Server(storage, log);

        Guid rolledBack;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(db, TestMessageHandler.Type, new { n = 1 });
            rolledBack = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity.Id;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        // A later message is delivered, so the dispatcher has had its chance at the first one.
        var later = await OutboxHarness.EnqueueAsync(server.Services, new { n = 2 });
        await OutboxHarness.EventuallyAsync(() => Task.FromResult(log.CountFor(later) == 1), "the later message is delivered");
        Assert.Equal(0, log.CountFor(rolledBack));
        Assert.Null(await OutboxHarness.FindAsync(server.Services, rolledBack));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_failing_message_is_retried_then_dead_lettered_and_an_administrator_retry_delivers_it(DatabaseKind kind)
    {
        await using var storage = await Storage(kind);
        var log = new DeliveryLog();
        var receiverDown = true;
        var attempts = new List<int>();
        log.Fail = e =>
        {
            lock (attempts)
            {
                attempts.Add(e.Attempt);
            }

            return receiverDown ? new HttpRequestException("receiver answered 503") : null;
        };
        await using var server = OutboxHarness.Server(storage, log, new Dictionary<string, string?> { ["Mekong:Outbox:MaxAttempts"] = "3" });

        var id = await OutboxHarness.EnqueueAsync(server.Services, new { n = 1 }, key: "k-1");
        await OutboxHarness.EventuallyAsync(async () => (await OutboxHarness.FindAsync(server.Services, id))?.State == OutboxState.Dead, "the message is dead after 3 attempts");

        var dead = (await OutboxHarness.FindAsync(server.Services, id))!;
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("receiver answered 503", dead.LastError);
        Assert.Equal([1, 2, 3], attempts);
        Assert.Empty(log.Deliveries);

        receiverDown = false;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var monitor = scope.ServiceProvider.GetRequiredService<OutboxMonitor>();
            var listed = Assert.Single(await monitor.ListAsync(OutboxStatus.Dead, 50, CancellationToken.None));
            Assert.Equal((id, "platform", "k-1", 3), (listed.Id, listed.Module, listed.IdempotencyKey, listed.Attempts));
            Assert.True(await monitor.RetryAsync("platform", id, CancellationToken.None));
        }

        await OutboxHarness.EventuallyAsync(async () => (await OutboxHarness.FindAsync(server.Services, id))?.State == OutboxState.Delivered, "the retried message is delivered");
        Assert.Equal(1, Assert.Single(log.Deliveries).Envelope.Attempt);
        Assert.Equal("k-1", Assert.Single(log.Deliveries).Envelope.IdempotencyKey);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_permanent_refusal_dead_letters_at_once(DatabaseKind kind)
    {
        await using var storage = await Storage(kind);
        var log = new DeliveryLog { Fail = _ => new PermanentDeliveryException("receiver answered 410 Gone") };
        await using var server = OutboxHarness.Server(storage, log);

        var id = await OutboxHarness.EnqueueAsync(server.Services, new { n = 1 });
        await OutboxHarness.EventuallyAsync(async () => (await OutboxHarness.FindAsync(server.Services, id))?.State == OutboxState.Dead, "the message is dead");
        var dead = (await OutboxHarness.FindAsync(server.Services, id))!;
        Assert.Equal((1, "receiver answered 410 Gone"), (dead.Attempts, dead.LastError));
    }

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_never_deliver_one_message_twice_at_the_same_time()
    {
        await using var storage = await Storage(DatabaseKind.PostgreSql);
        var log = new DeliveryLog { Work = TimeSpan.FromMilliseconds(15) };
        var settings = new Dictionary<string, string?> { ["Mekong:Outbox:BatchSize"] = "4", ["Mekong:Outbox:PollInterval"] = "00:00:00.050" };
        await using var first = OutboxHarness.Server(storage, log, settings);
        _ = first.Services; // migrate before the second node starts
        await using var second = OutboxHarness.Server(storage, log, settings);
        _ = second.Services;

        var ids = new List<Guid>();
        for (var i = 0; i < 80; i++)
        {
            ids.Add(await OutboxHarness.EnqueueAsync((i % 2 == 0 ? first : second).Services, new { i }));
        }

        await OutboxHarness.EventuallyAsync(() => Task.FromResult(ids.All(id => log.CountFor(id) >= 1)), "every message is delivered", seconds: 60);
        Assert.Empty(log.Overlaps);
        Assert.All(ids, id => Assert.Equal(1, log.CountFor(id)));
        var nodes = log.Deliveries.Select(d => d.Node).Distinct().ToList();
        Assert.True(nodes.Count == 2, $"Both nodes should have delivered some messages (else the test proves nothing): {string.Join(", ", nodes)}");
    }

    private static async Task<TestStorage> Storage(DatabaseKind kind)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        return await TestStorage.CreateAsync(kind);
    }
}
