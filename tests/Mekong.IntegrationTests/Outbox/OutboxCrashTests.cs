using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Mekong.IntegrationTests.Outbox;

/// <summary>
/// kill -9 between commit and delivery loses nothing: the real server program commits a probe message while its
/// dispatcher is held back, is killed with SIGKILL, and the restarted program delivers the message exactly once
/// (the probe handler records every delivery, repeats included, in the database).
/// </summary>
public sealed class OutboxCrashTests
{
    [Fact]
    public async Task A_message_committed_before_a_SIGKILL_is_delivered_exactly_once_after_the_restart()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var noDemo = new Dictionary<string, string> { ["Mekong__Demo"] = "false" };
        var issued = await ServerCli.RunAsync(storage, noDemo, "apikeys", "create", "--name", "crash-test", "--role", "Administrator");
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var key = issued.Output.Trim();

        Guid id;
        await using (var held = await ServerCli.StartAsync(storage, new Dictionary<string, string>(noDemo) { ["Mekong__Outbox__Dispatch"] = "false" }))
        {
            using var http = new HttpClient { BaseAddress = held.BaseUrl };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/outbox/probe");
            request.Headers.Add("X-Api-Key", key);
            using var response = await http.SendAsync(request, cancellation);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetGuid();

            await held.KillHardAsync(); // SIGKILL: no shutdown, no flush beyond what the commit made durable
        }

        Assert.Equal("Pending", State(storage, id));
        Assert.Equal(0L, Deliveries(storage, id));

        await using (var restarted = await ServerCli.StartAsync(storage, new Dictionary<string, string>(noDemo) { ["Mekong__Outbox__PollInterval"] = "00:00:00.100" }))
        {
            await OutboxHarness.EventuallyAsync(() => Task.FromResult(State(storage, id) == "Delivered"), "the probe is delivered after the restart");
            // Several more polling rounds: a message delivered again would show up as a second record.
            await Task.Delay(1000, cancellation);
        }

        Assert.Equal(1L, Deliveries(storage, id));
        Assert.Equal("Delivered", State(storage, id));
    }

    private static string? State(TestStorage storage, Guid id) =>
        (string?)Scalar(storage, "SELECT State FROM platform_outbox WHERE lower(Id) = $id", id);

    private static long Deliveries(TestStorage storage, Guid id) =>
        (long)Scalar(storage, "SELECT count(*) FROM platform_outbox_probe_deliveries WHERE lower(MessageId) = $id", id)!;

    private static object? Scalar(TestStorage storage, string sql, Guid id)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(storage.DataDirectory, "mekong.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        return command.ExecuteScalar();
    }
}
