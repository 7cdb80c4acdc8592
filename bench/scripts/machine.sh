#!/usr/bin/env bash
# The machine the figures come from, as a markdown list.
set -euo pipefail
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
echo "- CPU: $cpu, $(nproc) cores"
echo "- Memory: $mem"
echo "- Kernel: $(uname -sr)"
echo "- .NET: runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}'), SDK $(dotnet --version)"
echo "- wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
