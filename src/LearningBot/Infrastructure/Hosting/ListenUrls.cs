using System.Net;
using System.Net.Sockets;

namespace LearningBot.Infrastructure.Hosting;

/// <summary>What the addresses in --urls / ASPNETCORE_URLS mean: whether they stay on this machine, and whether they are free.</summary>
internal static class ListenUrls
{
    public static IReadOnlyList<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>localhost and loopback addresses only; a wildcard (*, +, 0.0.0.0, [::]), a LAN address or a host name is reachable from elsewhere.</summary>
    public static bool IsLoopback(string url)
    {
        var host = Host(url);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The first address another program already listens on, found by trying to bind it (so serve fails before it does any work).</summary>
    public static string? FirstInUse(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!TryEndpoint(url, out var endpoint) || endpoint.Port == 0)
                continue;
            try
            {
                using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
            catch (SocketException)
            {
                // Not ours to judge here (an address of another machine, no IPv6): Kestrel says what is wrong.
            }
        }
        return null;
    }

    /// <summary>Kestrel's words when it cannot bind; the host throws this after start-up work has already run.</summary>
    public static bool IsAddressInUse(Exception e) =>
        e is IOException && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException;

    /// <summary>The host and port of an address such as http://[::1]:3000/ (port 80 or 443 when it names none).</summary>
    private static (string Host, int? Port) Authority(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var authority = (scheme < 0 ? url : url[(scheme + 3)..]).Split('/')[0];
        var defaultPort = url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
        var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']', StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (hostEnd <= 0 || hostEnd >= authority.Length)
            return (hostEnd <= 0 ? authority : authority[..hostEnd], defaultPort);
        var port = authority[(hostEnd + 1)..];
        return (authority[..hostEnd], int.TryParse(port, out var number) && number is >= 0 and <= 65535 ? number : null);
    }

    private static string Host(string url) => Authority(url).Host;

    private static bool TryEndpoint(string url, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.None, 0);
        var (host, port) = Authority(url);
        IPAddress? address = host switch
        {
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "[::]" => IPAddress.IPv6Any,
            _ when host.Equals("localhost", StringComparison.OrdinalIgnoreCase) => IPAddress.Loopback,
            _ => IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null,
        };
        if (address is null || port is not { } number)
            return false;
        endpoint = new IPEndPoint(address, number);
        return true;
    }
}
