using Mekong.Platform.Caching;

namespace Mekong.UnitTests.Platform;

public sealed class ExpiringCacheTests
{
    private readonly ManualClock _clock = new();
    private int _loads;

    [Fact]
    public async Task A_value_is_loaded_once_and_again_after_its_time_to_live()
    {
        var cache = new ExpiringCache<string, int>(TimeSpan.FromSeconds(5), 100, _clock);

        Assert.Equal(1, await cache.GetOrLoadAsync("k", Load, TestContext.Current.CancellationToken));
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, await cache.GetOrLoadAsync("k", Load, TestContext.Current.CancellationToken));
        Assert.Equal(1, _loads);

        _clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(2, await cache.GetOrLoadAsync("k", Load, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Remove_and_clear_take_effect_at_once()
    {
        var cache = new ExpiringCache<string, int>(TimeSpan.FromMinutes(5), 100, _clock);
        await cache.GetOrLoadAsync("a", Load, TestContext.Current.CancellationToken);
        await cache.GetOrLoadAsync("b", Load, TestContext.Current.CancellationToken);

        cache.Remove("a");
        Assert.Equal(3, await cache.GetOrLoadAsync("a", Load, TestContext.Current.CancellationToken));
        Assert.Equal(2, await cache.GetOrLoadAsync("b", Load, TestContext.Current.CancellationToken));

        cache.Clear();
        Assert.Equal(4, await cache.GetOrLoadAsync("b", Load, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_load_under_way_when_the_cache_is_cleared_does_not_store_its_stale_result()
    {
        var cache = new ExpiringCache<string, int>(TimeSpan.FromMinutes(5), 100, _clock);
        var release = new TaskCompletionSource();
        var slow = cache.GetOrLoadAsync("k", async (_, _) =>
        {
            await release.Task;
            return -1;
        }, TestContext.Current.CancellationToken);

        cache.Clear();
        release.SetResult();
        Assert.Equal(-1, await slow);

        Assert.Equal(1, await cache.GetOrLoadAsync("k", Load, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task It_never_holds_more_than_its_capacity()
    {
        var cache = new ExpiringCache<int, int>(TimeSpan.FromMinutes(5), 10, _clock);
        for (var i = 0; i < 1000; i++)
        {
            await cache.GetOrLoadAsync(i, (k, _) => Task.FromResult(k), TestContext.Current.CancellationToken);
            Assert.True(cache.Count <= 10, $"{cache.Count} entries");
        }
    }

    [Fact]
    public async Task A_time_to_live_of_zero_caches_nothing()
    {
        var cache = new ExpiringCache<string, int>(TimeSpan.Zero, 100, _clock);
        await cache.GetOrLoadAsync("k", Load, TestContext.Current.CancellationToken);
        await cache.GetOrLoadAsync("k", Load, TestContext.Current.CancellationToken);

        Assert.Equal(2, _loads);
        Assert.Equal(0, cache.Count);
    }

    private Task<int> Load(string key, CancellationToken cancellationToken) => Task.FromResult(Interlocked.Increment(ref _loads));

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
