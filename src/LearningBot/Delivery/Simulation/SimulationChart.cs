using System.Globalization;
using System.Net;
using System.Text;

namespace LearningBot.Delivery.Simulation;

/// <summary>
/// simulate --chart: the period as an SVG timeline, one row per day in the seller's time: working hours shaded,
/// meetings as bars (partner meetings in colour), sends as green markers, skips in grey. Hovering shows the reasons.
/// </summary>
internal static class SimulationChart
{
    private const int Left = 120, Top = 70, HourWidth = 56, RowHeight = 38, BarHeight = 14;

    public static string Render(SimulationResult result)
    {
        var setup = result.Setup;
        var zone = setup.Zone;
        var firstDay = LocalDate(setup.From, zone);
        var days = Enumerable.Range(0, (int)Math.Round((setup.Until - setup.From).TotalDays)).Select(firstDay.AddDays).ToList();
        var inPeriod = setup.Meetings.Where(m => m.End > setup.From && m.Start < setup.Until && !m.AllDay).ToList();
        var firstHour = Math.Max(0, Math.Min(setup.Rules.WorkdayStart.Hour - 1, inPeriod.Select(m => Local(m.Start, zone).Hour).DefaultIfEmpty(24).Min()));
        var lastHour = Math.Min(24, Math.Max(setup.Rules.WorkdayEnd.Hour + 2, inPeriod.Select(m => (int)Math.Ceiling(Local(m.End, zone).TimeOfDay.TotalHours)).DefaultIfEmpty(0).Max()));
        var width = Left + (lastHour - firstHour) * HourWidth + 20;
        var height = Top + days.Count * RowHeight + 20;

        double X(DateTimeOffset instant) =>
            Left + Math.Clamp(Local(instant, zone).TimeOfDay.TotalHours - firstHour, 0, lastHour - firstHour) * HourWidth;
        int Row(DateTimeOffset instant) => days.IndexOf(LocalDate(instant, zone));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="white"/>""").AppendLine();
        var sends = result.Decisions.Count(d => d is { Kind: "send", Delivery: null });
        var skips = result.Decisions.Count(d => d.Kind == "skip");
        var checks = result.Decisions.Count(d => d is { Kind: "send", Delivery: "quick-check" });
        Text(svg, Left, 20, $"{setup.SellerEmail} · {firstDay:ddd d MMM} – {days[^1]:ddd d MMM yyyy} · {zone.Id} · {sends} sent, {skips} skipped{(checks > 0 ? $", {checks} quick checks" : "")}", 13, "bold");
        Legend(svg, Left, 38);

        for (var hour = firstHour; hour <= lastHour; hour++)
        {
            var x = Left + (hour - firstHour) * HourWidth;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x}" y1="{Top - 6}" x2="{x}" y2="{Top + days.Count * RowHeight}" stroke="#e3e3e3"/>""").AppendLine();
            Text(svg, x - 10, Top - 10, $"{hour:00}:00", 10, "normal", "#777");
        }
        for (var i = 0; i < days.Count; i++)
        {
            var y = Top + i * RowHeight;
            Text(svg, 8, y + RowHeight / 2 + 4, days[i].ToString("ddd d MMM", CultureInfo.InvariantCulture), 11,
                setup.Rules.WorkingDays.Contains(days[i].DayOfWeek) ? "bold" : "normal");
            if (new WorkingCalendar(zone, setup.Rules).WorkingWindow(days[i]) is { } window)
                Rect(svg, X(window.Start), y + 2, X(window.End) - X(window.Start), RowHeight - 4, "#eef4fb", null, "working hours");
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y + RowHeight}" x2="{width - 20}" y2="{y + RowHeight}" stroke="#f0f0f0"/>""").AppendLine();
        }

        foreach (var meeting in inPeriod)
        {
            var row = Row(meeting.Start);
            if (row < 0)
                continue;
            var y = Top + row * RowHeight + (RowHeight - BarHeight) / 2;
            var partner = meeting.Partners.Count > 0;
            var colour = meeting.Cancelled ? "none" : partner ? "#3d6fb6" : "#b9b9b9";
            var why = partner ? ": " + string.Join("; ", meeting.Partners.Select(p => $"{p.PartnerName} ({p.Reason})")) : ": no partner";
            Rect(svg, X(meeting.Start), y, Math.Max(2, X(meeting.End) - X(meeting.Start)), BarHeight, colour,
                meeting.Cancelled ? "#999" : null, $"{meeting.Title}, {Local(meeting.Start, zone):HH:mm}–{Local(meeting.End, zone):HH:mm}{(meeting.Cancelled ? " (cancelled)" : why)}");
        }

        foreach (var decision in result.Decisions)
        {
            var at = decision.Kind == "skip" && decision.Meeting is { } skipped ? skipped.Start : decision.At;
            var row = Row(at);
            if (row < 0)
                continue;
            var x = X(at);
            var y = Top + row * RowHeight + 6;
            var tooltip = $"{decision.Kind} {decision.LessonId ?? "(no lesson)"} at {Local(decision.At, zone):ddd HH:mm}: {decision.Reason}";
            if (decision.Kind == "review")
                continue;
            if (decision is { Kind: "send", Delivery: "quick-check" })
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x - 4:0.#}" y="{y - 2}" width="8" height="8" fill="#d17a00"><title>{Escape(tooltip)}</title></rect>""").AppendLine();
            }
            else if (decision.Kind == "send")
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<path d="M{x:0.#},{y - 4} l6,6 l-6,6 l-6,-6 z" fill="#1e9e4a"><title>{Escape(tooltip)}</title></path>""").AppendLine();
                Text(svg, x + 8, y + 24, decision.LessonId ?? "", 9, "normal", "#1e7a3c");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{x:0.#}" cy="{y + 2}" r="5" fill="#9a9a9a"><title>{Escape(tooltip)}</title></circle>""").AppendLine();
            }
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, int x, int y)
    {
        Rect(svg, x, y, 24, 10, "#3d6fb6", null, null);
        Text(svg, x + 30, y + 9, "partner meeting", 10);
        Rect(svg, x + 130, y, 24, 10, "#b9b9b9", null, null);
        Text(svg, x + 160, y + 9, "other meeting", 10);
        svg.Append(CultureInfo.InvariantCulture, $"""<path d="M{x + 260},{y - 1} l6,6 l-6,6 l-6,-6 z" fill="#1e9e4a"/>""").AppendLine();
        Text(svg, x + 272, y + 9, "lesson sent", 10);
        svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{x + 355}" cy="{y + 5}" r="5" fill="#9a9a9a"/>""").AppendLine();
        Text(svg, x + 366, y + 9, "skipped (hover for the reason)", 10);
        Rect(svg, x + 546, y + 1, 8, 8, "#d17a00", null, null);
        Text(svg, x + 560, y + 9, "quick check sent", 10);
        Rect(svg, x + 540, y, 24, 10, "#eef4fb", null, null);
        Text(svg, x + 570, y + 9, "working hours", 10);
    }

    private static void Rect(StringBuilder svg, double x, double y, double width, double height, string fill, string? stroke, string? title)
    {
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x:0.#}" y="{y:0.#}" width="{width:0.#}" height="{height:0.#}" fill="{fill}" rx="2" """);
        if (stroke is not null)
            svg.Append(CultureInfo.InvariantCulture, $"""stroke="{stroke}" stroke-dasharray="3,2" """);
        svg.AppendLine(title is null ? "/>" : $"><title>{Escape(title)}</title></rect>");
    }

    private static void Text(StringBuilder svg, double x, double y, string text, int size, string weight = "normal", string colour = "#222") =>
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y:0.#}" font-size="{size}" font-weight="{weight}" fill="{colour}">{Escape(text)}</text>""").AppendLine();

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static DateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(Local(instant, zone));
}
