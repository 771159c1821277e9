#!/bin/sh
# The managed app of bench/peers/minipm2.sh: records when it started and its pid, then idles as `sleep`.
#   app.sh NAME   (STARTED_DIR set by the bench)
date +%s%N >> "$STARTED_DIR/$1"
echo $$ > "$STARTED_DIR/$1.pid"
exec sleep 100000
