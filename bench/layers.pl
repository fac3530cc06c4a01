#!/usr/bin/perl
# Splits a CPU profile (async-profiler's collapsed stacks: "frame;frame;...;top count") into the layers of a request,
# each sample going to the innermost layer on its stack: a HashMap lookup inside Hibernate is Hibernate's, a socket read
# inside Connector/J (kernel frames included) is the driver's. Prints markdown rows: layer, share, microseconds per
# request (the share of the CPU per request given as the first argument), then the frames most often on top (self).
# Usage: bench/layers.pl CPU_US_PER_REQUEST < stacks.collapsed
use strict;
use warnings;

# Checked from the top of each stack down; the first layer with a matching frame takes the sample.
my @layers = (
    ['JDBC driver (Connector/J), with its socket I/O', qr{^com/mysql/cj/}],
    ['Reactive MySQL client (Vert.x SQL client, its pool)', qr{^io/vertx/(mutiny/)?(sqlclient|mysqlclient)/}],
    ['Connection pool (Agroal)', qr{^io/agroal/}],
    ['JTA (Narayana, @Transactional)', qr{^(com/arjuna/|io/quarkus/narayana/|org/jboss/tm/)|TransactionalInterceptor}],
    ['Bean Validation', qr{^(org/hibernate/validator/|jakarta/validation/)}],
    ['Hibernate ORM, Panache', qr{^(org/hibernate/|io/quarkus/hibernate/|io/quarkus/panache/)}],
    ['JSON (Jackson)', qr{^com/fasterxml/jackson/}],
    ['Security (token, identity, roles)', qr{^(io/quarkus/security/|io/quarkus/vertx/http/runtime/security/|io/myblog/service/auth/)}],
    ['myblog: body size filter, request id, problems', qr{^io/myblog/service/problem/}],
    ['myblog: articles (resource, service, title terms)', qr{^io/myblog/}],
    ['Metrics (Micrometer)', qr{^(io/micrometer/|io/quarkus/micrometer/)}],
    ['Logging (MDC)', qr{^(org/jboss/logmanager/|org/jboss/logging/)}],
    ['CDI (ArC: interceptors, events, contexts)', qr{^io/quarkus/arc/}],
    ['Mutiny', qr{^io/smallrye/mutiny/}],
    ['Body read on the worker thread (it waits for the event loop)', qr{VertxInputStream\$VertxBlockingInput}],
    ['Quarkus REST (routing, filters, readers, writers)', qr{^(org/jboss/resteasy/reactive/|io/quarkus/resteasy/reactive/)}],
    ['Vert.x HTTP, Netty (parsing, writing, event loop)', qr{^(io/vertx/|io/quarkus/vertx/|io/netty/)}],
    ['Worker pool hand-off (jboss-threads: park, unpark)', qr{^org/jboss/threads/}],
    ['JIT compiler', qr{CompileBroker|C2Compiler|C1Compiler|Compile::|Phase[A-Z]|CompilerThread}],
    ['Garbage collector', qr{GenCollect|SerialHeap|DefNewGeneration|TenuredGeneration|VM_CollectForAllocation|GCTaskThread}],
);
my $other = 'Other (JVM runtime, JDK, kernel without a layer above)';

my $cpu_us = shift // 0;
my ($total, %share, %self) = (0);
while (<>) {
    my ($stack, $samples) = /^(.*) (\d+)$/ or next;
    $total += $samples;
    my @frames = reverse split /;/, $stack;
    $self{$frames[0]} += $samples;
    my $layer = $other;
    FRAME: for my $frame (@frames) {
        for my $l (@layers) {
            if ($frame =~ $l->[1]) {
                $layer = $l->[0];
                last FRAME;
            }
        }
    }
    $share{$layer} += $samples;
}
die "no samples\n" unless $total;

print "| Layer (innermost on the stack) | Share | us per request |\n|---|---|---|\n";
for my $name ((map { $_->[0] } @layers), $other) {
    next unless $share{$name};
    printf "| %s | %.1f %% | %.0f |\n", $name, 100 * $share{$name} / $total, $cpu_us * $share{$name} / $total;
}
my $kernel = 0;
$kernel += $self{$_} for grep { /_\[k\]$/ } keys %self;
printf "\nIn the kernel (top frame): %.1f %% of the samples.\n", 100 * $kernel / $total;
print "\n| Frame on top of the stack (self) | Share |\n|---|---|\n";
my @top = (sort { $self{$b} <=> $self{$a} } keys %self)[0 .. 14];
printf "| `%s` | %.1f %% |\n", $_, 100 * $self{$_} / $total for grep { defined } @top;
