using LearningBot.Sellers;
using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

/// <summary>
/// POST /api/meetings for a CRM or calendar bridge: signed (<see cref="SignedWebhook"/>), upserts by (source, uid),
/// cancels the uids listed under "deleted", then re-plans the sellers concerned. A malformed batch or an unknown seller
/// is refused whole with every problem listed; nothing is written.
/// </summary>
internal static class MeetingWebhook
{
    public const string Path = "/api/meetings";
    public const string Source = "webhook";

    public static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WebhookOptions> options, TimeProvider time, SellerStore sellers, MeetingStore meetings,
        MeetingChangeNotifier changes, ILoggerFactory loggers)
    {
        var (body, refusal) = await SignedWebhook.ReadAsync(context, options, time, loggers.CreateLogger(typeof(MeetingWebhook)));
        if (refusal is not null)
            return refusal;
        MeetingBatch batch;
        using (body)
            batch = MeetingPayload.Parse(body!.RootElement);
        if (batch.Errors.Count > 0)
            return Results.BadRequest(new { errors = batch.Errors });

        var known = await sellers.FindIdsByEmailAsync(batch.Meetings.Select(m => m.SellerEmail!), context.RequestAborted);
        var unknown = batch.Meetings.Where(m => !known.ContainsKey(m.SellerEmail!))
            .Select(m => $"meetings[{m.Index}].seller_email: no seller has the email {m.SellerEmail}; import the roster first").ToList();
        if (unknown.Count > 0)
            return Results.BadRequest(new { errors = unknown });

        var writes = batch.Meetings.GroupBy(m => known[m.SellerEmail!])
            .Select(g => (g.Key, (IReadOnlyList<CalendarEntry>)[.. g.Select(m => m.Entry)]))
            .ToList();
        var (changed, cancelled, affected) = await meetings.UpsertBatchAsync(Source, writes, batch.Deleted, context.RequestAborted);
        await changes.SellersChangedAsync(affected, context.RequestAborted);
        return Results.Ok(new { received = batch.Meetings.Count, changed, cancelled });
    }
}
