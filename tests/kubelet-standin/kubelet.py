#!/usr/bin/python3
"""A kubelet stand-in outside the .NET stack, for the device plugin.

It compiles the device-plugin contract with protoc and grpc_python_plugin into a temporary
folder (nothing generated is committed), serves the kubelet's Registration service on
<dir>/kubelet.sock, accepts the first registration, then dials the plugin's endpoint as a
kubelet does: GetDevicePluginOptions, the first ListAndWatch list, GetPreferredAllocation and
Allocate (a good request, and one with an unknown ID). Every answer is checked against the
expectations given on the command line. It prints what it saw, then PASS (exit 0), or FAIL and
the reason (exit 1).

Needs Debian's python3-grpcio, python3-protobuf, protobuf-compiler and protobuf-compiler-grpc;
run it with /usr/bin/python3, which sees Debian's modules.
"""

import argparse
import os
import queue
import subprocess
import sys
import tempfile
from concurrent import futures


def compile_contract(proto_root, out):
    subprocess.run(
        [
            "protoc",
            f"--proto_path={proto_root}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin",
            "deviceplugin/v1beta1/api.proto",
        ],
        check=True,
    )
    sys.path.insert(0, out)


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="the device-plugin folder")
    parser.add_argument("--proto-root", required=True, help="the folder holding deviceplugin/v1beta1/api.proto")
    parser.add_argument("--resource", default="nvidia.com/gpu")
    parser.add_argument("--devices", required=True, help="expected device IDs in order, comma-separated")
    parser.add_argument("--numa", required=True, help="expected NUMA node of each device, comma-separated")
    parser.add_argument("--preferred", required=True, help="expected preferred pair, comma-separated")
    parser.add_argument("--cdi-kind", default="nvidia.com/gpu")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()

    import grpc

    with tempfile.TemporaryDirectory(prefix="kubelet-standin-") as generated:
        compile_contract(args.proto_root, generated)
        from deviceplugin.v1beta1 import api_pb2, api_pb2_grpc

        registrations = queue.Queue()

        class Registration(api_pb2_grpc.RegistrationServicer):
            def Register(self, request, context):
                registrations.put(request)
                return api_pb2.Empty()

        kubelet_socket = os.path.join(args.dir, "kubelet.sock")
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        api_pb2_grpc.add_RegistrationServicer_to_server(Registration(), server)
        server.add_insecure_port(f"unix://{kubelet_socket}")
        server.start()
        print("ready", flush=True)
        try:
            run(args, api_pb2, api_pb2_grpc, grpc, registrations)
        except Failure as failure:
            print(f"FAIL {failure}", flush=True)
            return 1
        except queue.Empty:
            print("FAIL no registration arrived", flush=True)
            return 1
        finally:
            server.stop(None)
    print("PASS", flush=True)
    return 0


def run(args, api_pb2, api_pb2_grpc, grpc, registrations):
    # A daemon serving several resources (MIG profiles) registers each: wait for the one tested.
    registration = registrations.get(timeout=args.timeout)
    while registration.resource_name != args.resource:
        print(f"Register (other resource): {registration.resource_name} {registration.endpoint}", flush=True)
        registration = registrations.get(timeout=args.timeout)
    print(f"Register: {registration.resource_name} {registration.endpoint} {registration.version} "
          f"preferred={registration.options.get_preferred_allocation_available}", flush=True)
    expect(registration.version == "v1beta1", f"version {registration.version!r}")
    expect(registration.resource_name == args.resource, f"resource {registration.resource_name!r}")
    expect(registration.options.get_preferred_allocation_available, "preferred allocation not offered")

    with grpc.insecure_channel(f"unix://{os.path.join(args.dir, registration.endpoint)}") as channel:
        plugin = api_pb2_grpc.DevicePluginStub(channel)
        options = plugin.GetDevicePluginOptions(api_pb2.Empty(), timeout=args.timeout)
        expect(options.get_preferred_allocation_available and not options.pre_start_required, f"options {options}")

        stream = plugin.ListAndWatch(api_pb2.Empty(), timeout=args.timeout)
        devices = next(stream).devices
        stream.cancel()
        print("ListAndWatch:", [(d.ID, d.health, [n.ID for n in d.topology.nodes]) for d in devices], flush=True)
        expected = args.devices.split(",")
        expect([d.ID for d in devices] == expected, f"device IDs {[d.ID for d in devices]}")
        expect(all(d.health == "Healthy" for d in devices), "a device is not Healthy")
        numa = [int(n) for n in args.numa.split(",")]
        expect([[n.ID for n in d.topology.nodes] for d in devices] == [[n] for n in numa], "NUMA nodes differ")

        preferred = plugin.GetPreferredAllocation(api_pb2.PreferredAllocationRequest(container_requests=[
            api_pb2.ContainerPreferredAllocationRequest(available_deviceIDs=expected, allocation_size=2),
        ]), timeout=args.timeout)
        chosen = list(preferred.container_responses[0].deviceIDs)
        print("GetPreferredAllocation:", chosen, flush=True)
        expect(chosen == args.preferred.split(","), f"preferred {chosen}")

        allocated = plugin.Allocate(api_pb2.AllocateRequest(container_requests=[
            api_pb2.ContainerAllocateRequest(devices_ids=chosen),
        ]), timeout=args.timeout)
        names = [d.name for d in allocated.container_responses[0].cdi_devices]
        print("Allocate:", names, flush=True)
        expect(names == [f"{args.cdi_kind}={uuid}" for uuid in chosen], f"CDI devices {names}")

        try:
            plugin.Allocate(api_pb2.AllocateRequest(container_requests=[
                api_pb2.ContainerAllocateRequest(devices_ids=["GPU-unknown"]),
            ]), timeout=args.timeout)
            raise Failure("an unknown device was allocated")
        except grpc.RpcError as error:
            print("Allocate unknown:", error.code(), error.details(), flush=True)
            expect(error.code() == grpc.StatusCode.NOT_FOUND, f"status {error.code()}")
            expect("GPU-unknown" in error.details(), f"detail {error.details()!r}")


if __name__ == "__main__":
    sys.exit(main())
