using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Slack;

/// <summary>The emulator's Socket Mode side on its own, seen from a bare WebSocket client.</summary>
public sealed class SocketModeHubTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unacked_event_envelope_is_delivered_again_with_its_retry_attempt_and_reason()
    {
        await using var slack = await EmulatorHost.StartAsync();
        using var socket = await ConnectAsync(slack);
        Assert.Equal("hello", (await ReceiveAsync(socket))["type"]!.ToString());

        var delivering = slack.UsersOverSocketMode().SendEventAsync(
            new JsonObject { ["type"] = "reaction_added", ["user"] = slack.Ann.Id, ["reaction"] = "eyes", ["event_ts"] = "1.000001" }, "Ev0RETRY1", Cancel);
        var first = await ReceiveAsync(socket);
        var second = await ReceiveAsync(socket);
        await SendAsync(socket, new JsonObject { ["envelope_id"] = second["envelope_id"]!.ToString() });
        var delivery = await delivering;

        Assert.Equal(("events_api", 0, ""), (first["type"]!.ToString(), (int)first["retry_attempt"]!, first["retry_reason"]!.ToString()));
        Assert.Equal((1, "timeout"), ((int)second["retry_attempt"]!, second["retry_reason"]!.ToString()));
        Assert.Equal("Ev0RETRY1", second["payload"]!["event_id"]!.ToString());
        Assert.Equal([null, HttpStatusCode.OK], delivery.Attempts);
    }

    [Fact]
    public async Task A_connection_url_works_once()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var url = await OpenUrlAsync(slack);
        using var first = new ClientWebSocket();
        await first.ConnectAsync(url, Cancel);

        using var second = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(url, Cancel));
    }

    private static async Task<Uri> OpenUrlAsync(EmulatorHost slack)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(slack.Server.ApiBaseUrl, "apps.connections.open"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", slack.Workspace.AppToken);
        using var response = await http.SendAsync(request, Cancel);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        return new Uri(body["url"]!.ToString());
    }

    private static async Task<ClientWebSocket> ConnectAsync(EmulatorHost slack)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(await OpenUrlAsync(slack), Cancel);
        return socket;
    }

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, Cancel);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (JsonObject)JsonNode.Parse(message.ToArray())!;
    }

    private static Task SendAsync(ClientWebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, Cancel);
}
