<?xml version="1.0" encoding="utf-8"?>
<!-- Placette: what a browser shows when someone opens a feed (RSS or Atom)
     instead of giving it to a feed reader. A French page that says what the
     address is for and how to use it, then the latest entries. Feed readers
     ignore this stylesheet: the feed itself is unchanged. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

<xsl:variable name="title" select="normalize-space(/rss/channel/title | /atom:feed/atom:title)"/>
<xsl:variable name="address" select="(/rss/channel/atom:link[@rel='self'] | /atom:feed/atom:link[@rel='self'])[1]/@href"/>
<xsl:variable name="page" select="(/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href)[1]"/>
<xsl:variable name="help" select="(/rss/channel/atom:link[@rel='related'] | /atom:feed/atom:link[@rel='related'])[1]/@href"/>

<xsl:template match="/">
<html lang="fr">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="$title"/> — adresse d'abonnement</title>
<style>
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; line-height: 1.5; color: #1d1d1f; background: #fff; }
body { margin: 0; font-size: 1.0625rem; }
header { background: #0b5d8f; color: #fff; padding: .75rem 1rem; }
header p { margin: 0; font-weight: 700; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.2; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
a { color: #0b5d8f; }
a:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.notice { background: #f2f5f7; border-left: 4px solid #0b5d8f; padding: .75rem 1rem; }
.address { display: block; padding: .6rem .75rem; border: 2px solid #4a4a55; border-radius: .4rem; background: #fff; font-family: ui-monospace, monospace; font-size: .95rem; overflow-wrap: anywhere; user-select: all; }
.entries { list-style: none; padding: 0; }
.entries li { padding: .6rem 0; border-bottom: 1px solid #c9d1d8; }
.entries a { display: inline-block; padding: .25rem 0; font-weight: 700; }
.meta { color: #4a4a55; margin: 0; font-size: .95rem; }
.links a { display: inline-block; padding: .5rem 0; min-height: 44px; }
</style>
</head>
<body>
<header><p>Adresse d'abonnement</p></header>
<main>
<h1><xsl:value-of select="$title"/></h1>
<div class="notice">
<p><strong>Cette page n'est pas faite pour être lue ici.</strong> C'est l'adresse d'un
<em>flux</em> : donnée à une application de lecture de flux, elle y fait arriver toute seule
chaque nouveauté de « <xsl:value-of select="$title"/> », sans revenir sur le site.</p>
</div>
<h2>Comment s'en servir ?</h2>
<ol>
<li>Copiez l'adresse ci-dessous (appui long, puis « Copier »).</li>
<li>Dans votre lecteur de flux (Thunderbird, Feedly, NetNewsWire, Flus, Feeder sur Android…),
choisissez « Ajouter un flux » ou « S'abonner » et collez l'adresse.</li>
</ol>
<p>Adresse du flux :<br/><code class="address"><xsl:value-of select="$address"/></code></p>
<p class="links">
<xsl:if test="$page"><a href="{$page}">Voir ces nouvelles sur le site</a><br/></xsl:if>
<xsl:if test="$help"><a href="{$help}">Toutes les adresses d'abonnement, et l'aide pour l'agenda du téléphone</a></xsl:if>
</p>
<h2>Les dernières entrées</h2>
<ul class="entries">
<xsl:apply-templates select="/rss/channel/item[position() &lt;= 20] | /atom:feed/atom:entry[position() &lt;= 20]"/>
</ul>
</main>
</body>
</html>
</xsl:template>

<xsl:template match="item">
<li>
<xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
<a href="{link}"><xsl:value-of select="title"/></a>
<p class="meta" lang="fr"><xsl:value-of select="pubDate"/></p>
</li>
</xsl:template>

<xsl:template match="atom:entry">
<li lang="{@xml:lang}">
<xsl:if test="@xml:lang = 'ar'"><xsl:attribute name="dir">rtl</xsl:attribute></xsl:if>
<a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
<p class="meta" lang="fr" dir="ltr">Mis à jour le <xsl:value-of select="concat(substring(atom:updated, 9, 2), '/', substring(atom:updated, 6, 2), '/', substring(atom:updated, 1, 4))"/></p>
</li>
</xsl:template>
</xsl:stylesheet>
