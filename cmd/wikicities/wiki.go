package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mediawiki"
)

// wikiFlags are the flags of the commands that talk to a wiki.
type wikiFlags struct {
	wiki, page            string
	botUser, botPassword  string
	oauthToken, userAgent string
}

func (f *wikiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.wiki, "wiki", "", "the wiki: its URL (https://meta.wikimedia.org) or the URL of its api.php")
	fs.StringVar(&f.page, "page", "", "title of the page")
	fs.StringVar(&f.botUser, "bot-user", os.Getenv("WIKICITIES_BOT_USER"), "bot password user name, Name@app (env WIKICITIES_BOT_USER)")
	fs.StringVar(&f.botPassword, "bot-password", os.Getenv("WIKICITIES_BOT_PASSWORD"), "bot password (env WIKICITIES_BOT_PASSWORD)")
	fs.StringVar(&f.oauthToken, "oauth-token", os.Getenv("WIKICITIES_OAUTH_TOKEN"), "OAuth 2 access token, instead of a bot password (env WIKICITIES_OAUTH_TOKEN)")
	fs.StringVar(&f.userAgent, "user-agent", mediawiki.DefaultUserAgent, "User-Agent sent to the wiki (add your contact, as Wikimedia's policy asks)")
}

// client returns a client of the wiki, signed in when signIn is set.
func (f *wikiFlags) client(ctx context.Context, signIn bool) (*mediawiki.Client, error) {
	if f.wiki == "" || f.page == "" {
		return nil, usageError{"--wiki and --page are required"}
	}
	c, err := mediawiki.New(mediawiki.APIURL(f.wiki))
	if err != nil {
		return nil, err
	}
	c.UserAgent = f.userAgent
	if !signIn {
		return c, nil
	}
	switch {
	case f.botUser != "" && f.botPassword != "":
		if err := c.Login(ctx, f.botUser, f.botPassword); err != nil {
			return nil, err
		}
	case f.oauthToken != "":
		c.BearerToken = f.oauthToken
	default:
		return nil, fmt.Errorf("editing %s needs --bot-user and --bot-password (or --oauth-token): %w", f.wiki, wikicities.ErrUnauthorized)
	}
	return c, nil
}

// source names a page revision for provenance: "host Title@revision".
func (f *wikiFlags) source(c *mediawiki.Client, rev *mediawiki.Revision) string {
	host := c.API
	if u, err := url.Parse(c.API); err == nil {
		host = u.Host
	}
	return fmt.Sprintf("%s %s@%d", host, rev.Title, rev.RevID)
}
