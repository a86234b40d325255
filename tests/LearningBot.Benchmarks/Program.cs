using LearningBot.Benchmarks;
using LearningBot.Infrastructure.Database;

DatabaseFeature.ConfigureDapper();

return args.FirstOrDefault() switch
{
    "planner" => await PlannerBenchmark.RunAsync(args[1..]),
    "search" => await SearchBenchmark.RunAsync(args[1..]),
    "insights" => await InsightsBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/LearningBot.Benchmarks -- planner [--sellers N] [--meetings-per-seller N] | search [--lessons N] [--replies N] | insights [--sellers N] [--weeks N] [--runs N]");
    return 2;
}
