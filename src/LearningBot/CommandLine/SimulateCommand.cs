using System.CommandLine;
using LearningBot.Delivery.Simulation;

namespace LearningBot.CommandLine;

/// <summary>
/// learningbot simulate: the matcher, planner and pacing policy over files, with a simulated clock; no database, no
/// Slack. One JSON object per decision on standard output; any bad input is one line on standard error and exit 1.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var content = new Option<string>("--content") { Description = "The content directory (partners/ and lessons/; seeds/ is an example).", Required = true };
        var calendars = new Option<string[]>("--calendar") { Description = "The seller's iCalendar (.ics) export; repeat for several.", Required = true };
        var opportunities = new Option<string?>("--opportunities") { Description = "Opportunities CSV: account_domain, partner, stage, owner_email." };
        var seller = new Option<string>("--seller") { Description = "The seller's email (their own domain marks internal attendees).", Required = true };
        var zone = new Option<string>("--tz") { Description = "The seller's IANA time zone, such as America/New_York.", Required = true };
        var from = new Option<string>("--from") { Description = "First day, YYYY-MM-DD (from midnight in --tz).", Required = true };
        var days = new Option<int>("--days") { Description = "Number of days to simulate.", DefaultValueFactory = _ => 14 };
        var completeAfter = new Option<string>("--complete-after")
        {
            Description = "How long after a lesson arrives the seller finishes it: 30m, 2h, 1d or never.",
            DefaultValueFactory = _ => "30m",
        };
        var pacing = new Option<string?>("--pacing") { Description = "A JSON file of Pacing settings (WorkdayStart, MaxLessonsPerDay, …) over the defaults." };
        var answers = new Option<string>("--answers")
        {
            Description = "How the seller answers every question: right, wrong, first-wrong (wrong in the lesson, right in quick checks) or alternate.",
            DefaultValueFactory = _ => "right",
        };
        var chart = new Option<string?>("--chart") { Description = "Also draw the period as an SVG timeline in this file." };
        var command = new Command("simulate",
            "Run the meeting matcher, planner and pacing policy for one seller over files with a simulated clock (no database, no Slack). "
            + "Prints one JSON object per decision, in time order.")
        {
            content, calendars, opportunities, seller, zone, from, days, completeAfter, pacing, answers, chart,
        };
        command.SetAction(parse => Run(
            new SimulationArguments(parse.GetValue(content)!, parse.GetValue(calendars) ?? [], parse.GetValue(opportunities), parse.GetValue(seller)!,
                parse.GetValue(zone)!, parse.GetValue(from)!, parse.GetValue(days), parse.GetValue(completeAfter)!, parse.GetValue(pacing),
                parse.GetValue(answers)!),
            parse.GetValue(chart), Console.Out, Console.Error));
        return command;
    }

    public static int Run(SimulationArguments arguments, string? chartPath, TextWriter output, TextWriter error)
    {
        SimulationResult result;
        try
        {
            result = DeliverySimulator.Run(SimulationInputs.Load(arguments));
        }
        catch (SimulationInputException e)
        {
            error.WriteLine($"learningbot: error: {e.Message}");
            return CommandFailures.Failed;
        }
        if (chartPath is not null)
        {
            try
            {
                File.WriteAllText(chartPath, SimulationChart.Render(result));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"learningbot: error: cannot write the chart {chartPath}: {e.Message}");
                return CommandFailures.Failed;
            }
        }
        SimulationOutput.Write(result, output);
        return 0;
    }
}
