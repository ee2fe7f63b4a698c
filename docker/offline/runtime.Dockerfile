# syntax=docker/dockerfile:1
# The offline build's Java runtime: the debootstrapped Debian base plus a JRE jlinked from the
# build machine's JDK 21+ (deploy.sh build --offline puts it in the context as jre/).
# rules: root on purpose: a base that runs nothing; docker/Dockerfile adds the huddle user.
ARG BASE_IMAGE=localhost/huddle-base:bookworm
FROM ${BASE_IMAGE}
COPY jre /opt/java
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN java -version
