using System.Net;
using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Config;

public sealed class EmbeddedDefaultTests
{
    [Fact]
    public void Embedded_default_loads()
    {
        var model = PalisadeConfigModel.EmbeddedDefault;

        Assert.Equal("sbc.lab.example.net", model.Node.Fqdn);
        Assert.Equal("./data", model.Node.DataDirectory);
        Assert.Equal(
            [(SipTransport.Udp, 5060), (SipTransport.Tcp, 5060), (SipTransport.Tls, 5061)],
            model.Listeners.Select(l => (l.Transport, l.Port)));
        Assert.All(model.Listeners, l => Assert.Equal(IPAddress.Loopback, l.Address));
        Assert.Equal(TlsCertificateSource.Auto, model.Tls.Certificate);
        Assert.Equal(TlsTrustSource.Auto, model.Tls.Trust);
        Assert.Empty(model.Tenants);
        Assert.Empty(model.Trunks);
        Assert.Empty(model.Routes);
        Assert.Same(model, PalisadeConfigModel.EmbeddedDefault);
    }

    [Fact]
    public void Empty_file_gets_the_same_defaults_as_the_embedded_one()
    {
        var empty = ConfigLoader.LoadText("", "empty.yaml");
        var embedded = PalisadeConfigModel.EmbeddedDefault;

        Assert.Empty(empty.Errors);
        Assert.Equal(embedded.Listeners.ToArray(), empty.Model!.Listeners.ToArray());
        Assert.Equal(embedded.Node, empty.Model.Node);
        Assert.Equal(embedded.Tls, empty.Model.Tls);
        Assert.Equal(embedded.Media, empty.Model.Media);
    }

    [Fact]
    public void Empty_listener_list_is_an_error()
    {
        var result = ConfigLoader.LoadText("node: { fqdn: sbc.example.net }\nlisteners: []\n", "x.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 12), (error.Line, error.Column));
        Assert.Contains("'listeners' is empty", error.Message, StringComparison.Ordinal);
    }
}
