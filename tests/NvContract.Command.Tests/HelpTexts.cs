namespace NvContract.Command.Tests;

/// <summary>Option tables as the docker CLI prints them (excerpts of Docker 20.10's help, cobra layout).</summary>
internal static class HelpTexts
{
    public const string Global = """

        Usage:  docker [OPTIONS] COMMAND

        Options:
              --config string      Location of client config files (default "/root/.docker")
          -c, --context string     Name of the context to use to connect to the daemon
          -D, --debug              Enable debug mode
          -H, --host list          Daemon socket(s) to connect to
          -l, --log-level string   Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
              --tls                Use TLS; implied by --tlsverify
              --tlscacert string   Trust certs signed only by this CA (default "/root/.docker/ca.pem")
              --tlsverify          Use TLS and verify the remote
          -v, --version            Print version information and quit

        """;

    public const string Run = """

        Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

        Options:
              --add-host list                  Add a custom host-to-IP mapping (host:ip)
          -a, --attach list                    Attach to STDIN, STDOUT or STDERR
              --cgroupns string                Cgroup namespace to use (host|private)
                                               'host':    Run the container in the Docker host's cgroup namespace
                                               --not-an-option also wrapped here
          -d, --detach                         Run container in background and print container ID
          -e, --env list                       Set environment variables
              --help                           Print usage
          -h, --hostname string                Container host name
          -i, --interactive                    Keep STDIN open even if not attached
              --name string                    Assign a name to the container
              --network network                Connect a container to a network
          -p, --publish list                   Publish a container's port(s) to the host
              --rm                             Automatically remove the container when it exits
              --sig-proxy                      Proxy received signals to the process (default true)
          -t, --tty                            Allocate a pseudo-TTY
          -u, --user string                    Username or UID (format: <name|uid>[:<group|gid>])
          -v, --volume list                    Bind mount a volume
          -w, --workdir string                 Working directory inside the container

        """;

    /// <summary>Docker before 1.13 printed a default instead of a type.</summary>
    public const string RunBefore113 = """
        Options:
          -a, --attach=[]                 Attach to STDIN, STDOUT or STDERR
          -d, --detach=false              Run container in background and print container ID
          --name=                         Assign a name to the container
          --rm=false                      Automatically remove the container when it exits
          -v, --volume=[]                 Bind mount a volume
        """;
}
