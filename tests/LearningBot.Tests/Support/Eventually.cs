namespace LearningBot.Tests.Support;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description after the deadline.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string description, TimeSpan? within = null)
    {
        var deadline = Environment.TickCount64 + (long)(within ?? TimeSpan.FromSeconds(20)).TotalMilliseconds;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"Timed out waiting until {description}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string description, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), description, within);
}
