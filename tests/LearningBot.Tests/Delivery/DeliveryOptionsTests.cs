using LearningBot.Delivery;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Delivery;

public sealed class DeliveryOptionsTests(PostgresServer server)
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new DeliveryOptionsValidator().Validate(null, new DeliveryOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(DeliveryOptions.Lease), "Delivery:Lease")]
    [InlineData(nameof(DeliveryOptions.DispatchBatchSize), "Delivery:DispatchBatchSize")]
    [InlineData(nameof(DeliveryOptions.MaxAttempts), "Delivery:MaxAttempts")]
    [InlineData(nameof(DeliveryOptions.PlanBatchSize), "Delivery:PlanBatchSize")]
    [InlineData(nameof(DeliveryOptions.DispatchInterval), "Delivery:DispatchInterval")]
    [InlineData(nameof(DeliveryOptions.PlanInterval), "Delivery:PlanInterval")]
    public void A_setting_out_of_range_is_refused_by_name(string setting, string named)
    {
        var options = new DeliveryOptions();
        switch (setting)
        {
            case nameof(DeliveryOptions.Lease): options.Lease = TimeSpan.Zero; break;
            case nameof(DeliveryOptions.DispatchBatchSize): options.DispatchBatchSize = 0; break;
            case nameof(DeliveryOptions.MaxAttempts): options.MaxAttempts = 0; break;
            case nameof(DeliveryOptions.PlanBatchSize): options.PlanBatchSize = 0; break;
            case nameof(DeliveryOptions.DispatchInterval): options.DispatchInterval = TimeSpan.FromMinutes(10); break;
            case nameof(DeliveryOptions.PlanInterval): options.PlanInterval = TimeSpan.Zero; break;
        }

        var failure = Assert.Single(new DeliveryOptionsValidator().Validate(null, options).Failures!);
        Assert.StartsWith(named + " must be", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_delivery_setting_stops_the_start_with_one_line_naming_it()
    {
        var database = await server.CreateDatabaseAsync();
        var (exitCode, output, error) = await BotProcess.RunAsync(
            ["serve", "--urls=http://127.0.0.1:0", $"--ConnectionStrings:LearningBot={database}", "--Delivery:DispatchBatchSize=0"],
            TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Delivery:DispatchBatchSize must be between 1 and 1000", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }
}
