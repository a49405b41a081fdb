#!/usr/bin/env bash
# Prints the round trip of a cache line between CPU 0 and CPU 1, to tag benchmark runs with the
# machine's state: on the 2-vCPU development VM it is about 80 ns when both vCPUs share a cache
# and about 400 ns when the host has placed them apart, which makes `bench infer` on the CNN
# about 1.5x slower (onnxruntime about 1.1x). Usage: scripts/core-roundtrip.sh [ROUNDS]
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/roundtrip.c" <<'C'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static _Atomic int turn __attribute__((aligned(128)));
static long rounds;

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void *answer(void *unused) {
    (void)unused;
    pin(1);
    for (long i = 0; i < rounds; i++) {
        while (atomic_load_explicit(&turn, memory_order_acquire) != 1) {
        }
        atomic_store_explicit(&turn, 0, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv) {
    rounds = argc > 1 ? atol(argv[1]) : 200000;
    pin(0);
    pthread_t other;
    pthread_create(&other, NULL, answer, NULL);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < rounds; i++) {
        atomic_store_explicit(&turn, 1, memory_order_release);
        while (atomic_load_explicit(&turn, memory_order_acquire) != 0) {
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    pthread_join(other, NULL);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) * 1e-9;
    printf("cpu0 <-> cpu1 round trip: %.0f ns\n", seconds / (double)rounds * 1e9);
    return 0;
}
C
cc -O2 -o "$work/roundtrip" "$work/roundtrip.c" -lpthread
"$work/roundtrip" "${1:-200000}"
